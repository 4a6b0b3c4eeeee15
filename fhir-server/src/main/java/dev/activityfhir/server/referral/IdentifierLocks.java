package dev.activityfhir.server.referral;

import dev.activityfhir.server.referral.store.UniqueIdentifier;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;

/**
 * Lets one write at a time, in this process, claim a given unique identifier of an organisation: the others wait
 * here, holding no database connection, and then find what the first wrote. The database's unique key stays the
 * guarantee (several processes, other writers); this only spares it the lock waits that pile up when many clients
 * retry one referral at once (H2 gives up on a row lock after a timeout; connections run out meanwhile).
 */
final class IdentifierLocks {

  private static final int STRIPES = 256;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  IdentifierLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Runs the work holding the locks of every unique identifier the resources carry for the organisation. */
  <T> T holding(String organization, List<? extends Resource> resources, Supplier<T> work) {
    TreeSet<Integer> held = new TreeSet<>(); // taken in ascending order: no two writes wait on each other
    for (Resource resource : resources) {
      if (resource == null) {
        continue;
      }
      for (UniqueIdentifier identifier : UniqueIdentifiers.of(resource)) {
        int hash = (organization + '|' + resource.fhirType() + '|' + identifier.system() + '|' + identifier.value()).hashCode();
        held.add(Math.floorMod(hash, STRIPES));
      }
    }
    for (int stripe : held) {
      stripes[stripe].lock();
    }
    try {
      return work.get();
    } finally {
      for (int stripe : held.descendingSet()) {
        stripes[stripe].unlock();
      }
    }
  }
}
