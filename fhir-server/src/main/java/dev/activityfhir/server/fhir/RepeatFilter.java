package dev.activityfhir.server.fhir;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Remembers the hashes of recent keys in a fixed table, to tell a key asked for again from one asked for the first
 * time: the response cache keeps only repeated requests. A link worker's query about one person is rarely asked
 * twice; keeping every such response pushed megabytes a second through the old generation for nothing (G1 full
 * collections under a load of varied queries, measured), while a repeated one is kept from its second asking.
 *
 * <p>Approximate by design: a hash collision may take a first request for a repeat (it is then kept: the cache's
 * own bound still holds) and a newer key may overwrite an older one's slot (that one then counts as new again).
 * Neither affects what a response contains. No allocation per call.
 */
final class RepeatFilter {

  private final AtomicIntegerArray slots;
  private final int mask;

  /**
   * @param slotsPowerOfTwo log2 of the number of keys remembered at most (4 bytes each)
   */
  RepeatFilter(int slotsPowerOfTwo) {
    this.slots = new AtomicIntegerArray(1 << slotsPowerOfTwo);
    this.mask = (1 << slotsPowerOfTwo) - 1;
  }

  /** Whether {@code key} was seen recently; either way it is remembered from now on. */
  boolean seenBefore(String key) {
    int hash = key.hashCode();
    int mixed = hash * 0x9E3779B9; // spread the bits the mask keeps
    int slot = (mixed ^ (mixed >>> 16)) & mask;
    int stamp = hash == 0 ? 1 : hash; // 0 marks an empty slot
    return slots.getAndSet(slot, stamp) == stamp;
  }
}
