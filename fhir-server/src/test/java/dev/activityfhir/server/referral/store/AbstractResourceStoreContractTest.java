package dev.activityfhir.server.referral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.referral.store.SearchQuery.Criterion;
import dev.activityfhir.server.referral.store.SearchQuery.DateMatch;
import dev.activityfhir.server.referral.store.SearchQuery.DatePrefix;
import dev.activityfhir.server.referral.store.SearchQuery.PrefixMatch;
import dev.activityfhir.server.referral.store.SearchQuery.Sort;
import dev.activityfhir.server.referral.store.SearchQuery.TokenMatch;
import dev.activityfhir.server.store.Database;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ResourceStore} must do; run against H2 and PostgreSQL by subclasses. */
abstract class AbstractResourceStoreContractTest {

  private static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");
  private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

  private Database database;
  private ResourceStore store;

  abstract Database openDatabase();

  abstract void dropDatabase() throws Exception;

  @BeforeEach
  void open() {
    database = openDatabase();
    store = new JdbcResourceStore(database.dataSource());
  }

  @AfterEach
  void close() throws Exception {
    database.close();
    dropDatabase();
  }

  private static StoredResource patient(String id, long version, Instant at, String family) {
    return new StoredResource(
        "Patient", id, version, at, "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\""
            + family + "\"}]}");
  }

  private static List<IndexValue> patientIndex(String nhsNumber, String family, long birthLow, long birthHigh) {
    return List.of(
        IndexValue.token("identifier", NHS, nhsNumber),
        IndexValue.string("family", family),
        IndexValue.date("birthdate", birthLow, birthHigh));
  }

  private static SearchQuery query(String type, String organization, Criterion... criteria) {
    return new SearchQuery(type, List.of(criteria), organization, Sort.NEWEST_FIRST, 0, 100);
  }

  private static List<String> ids(List<StoredResource> found) {
    return found.stream().map(StoredResource::id).toList();
  }

  @Test
  void createdResourceIsReadAndVreadAsWritten() {
    StoredResource written = patient("p1", 1, T1, "Smith");
    store.inTransaction(tx -> {
      tx.create(written, patientIndex("9000000009", "Smith", 0, 86_399_999));
      return null;
    });

    assertThat(store.read("Patient", "p1")).contains(written);
    assertThat(store.vread("Patient", "p1", 1)).contains(written);
    assertThat(store.vread("Patient", "p1", 2)).isEmpty();
    assertThat(store.read("Patient", "nope")).isEmpty();
    assertThat(store.read("ServiceRequest", "p1")).isEmpty();
  }

  @Test
  void updateWithExpectedVersionKeepsHistoryNewestFirst() {
    store.inTransaction(tx -> {
      tx.create(patient("p1", 1, T1, "Smith"), patientIndex("9000000009", "Smith", 0, 0));
      return null;
    });
    StoredResource second = patient("p1", 2, T2, "Jones");
    store.inTransaction(tx -> {
      tx.update(second, patientIndex("9000000009", "Jones", 0, 0));
      return null;
    });

    assertThat(store.read("Patient", "p1")).contains(second);
    assertThat(store.history("Patient", "p1")).extracting(StoredResource::version).containsExactly(2L, 1L);
    assertThat(store.vread("Patient", "p1", 1).orElseThrow().json()).contains("Smith");
    assertThat(ids(store.search(query("Patient", null, new Criterion("family", List.of(new PrefixMatch("jon")))))))
        .containsExactly("p1");
    assertThat(store.search(query("Patient", null, new Criterion("family", List.of(new PrefixMatch("smi"))))))
        .isEmpty();
  }

  @Test
  void staleUpdateIsRefusedAndChangesNothing() {
    store.inTransaction(tx -> {
      tx.create(patient("p1", 1, T1, "Smith"), List.of());
      return null;
    });
    store.inTransaction(tx -> {
      tx.update(patient("p1", 2, T2, "Jones"), List.of());
      return null;
    });

    assertThatThrownBy(
            () ->
                store.inTransaction(tx -> {
                  tx.update(patient("p1", 2, T2, "Brown"), List.of());
                  return null;
                }))
        .isInstanceOf(VersionConflict.class);
    assertThat(store.read("Patient", "p1").orElseThrow().json()).contains("Jones");
    assertThatThrownBy(
            () ->
                store.inTransaction(tx -> {
                  tx.create(patient("p1", 1, T1, "Again"), List.of());
                  return null;
                }))
        .isInstanceOf(VersionConflict.class);
  }

  private java.util.Optional<String> holder(String type, String organization, UniqueIdentifier identifier) {
    return store.<java.util.Optional<String>>inTransaction(tx -> tx.identifierHolder(type, organization, identifier));
  }

  @Test
  void anIdentifierNamesOneResourcePerOrganisationAndMovesWithUpdates() {
    UniqueIdentifier nhs = new UniqueIdentifier(NHS, "9000000009");
    store.inTransaction(tx -> {
      tx.create(patient("p1", 1, T1, "Smith"), List.of());
      tx.claimIdentifiers("Patient", "p1", true, "A81001", List.of(nhs));
      return null;
    });

    // The same organisation again: refused, and nothing of that transaction is kept.
    assertThatThrownBy(
            () ->
                store.inTransaction(tx -> {
                  tx.create(patient("p2", 1, T1, "Smith"), List.of());
                  tx.claimIdentifiers("Patient", "p2", true, "A81001", List.of(nhs));
                  return null;
                }))
        .isInstanceOfSatisfying(
            DuplicateIdentifier.class,
            e -> {
              assertThat(e.type()).isEqualTo("Patient");
              assertThat(e.identifier()).isEqualTo(nhs);
            });
    assertThat(store.read("Patient", "p2")).isEmpty();
    // Another organisation holds its own.
    store.inTransaction(tx -> {
      tx.create(patient("p3", 1, T1, "Smith"), List.of());
      tx.claimIdentifiers("Patient", "p3", true, "B82002", List.of(nhs));
      return null;
    });
    assertThat(holder("Patient", "A81001", nhs)).contains("p1");
    assertThat(holder("Patient", "B82002", nhs)).contains("p3");
    assertThat(holder("ServiceRequest", "A81001", nhs)).isEmpty();

    // An update that changes the number frees the old one.
    UniqueIdentifier corrected = new UniqueIdentifier(NHS, "9434765919");
    store.inTransaction(tx -> {
      tx.update(patient("p1", 2, T2, "Smith"), List.of());
      tx.claimIdentifiers("Patient", "p1", false, "A81001", List.of(corrected));
      return null;
    });
    assertThat(holder("Patient", "A81001", nhs)).isEmpty();
    assertThat(holder("Patient", "A81001", corrected)).contains("p1");
  }

  @Test
  void ofTwoTransactionsClaimingOneIdentifierAtOnceTheSecondIsRefusedOnceTheFirstCommits() throws Exception {
    UniqueIdentifier identifier = new UniqueIdentifier("https://gp.example.org/referral-id", "REF-1");
    java.util.concurrent.CountDownLatch claimed = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<?> first =
          pool.submit(
              () ->
                  store.inTransaction(tx -> {
                    tx.claimIdentifiers("ServiceRequest", "s1", true, "A81001", List.of(identifier));
                    claimed.countDown();
                    try {
                      secondStarted.await();
                      Thread.sleep(200); // the second is now waiting on the uncommitted key (or was refused)
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return null;
                  }));
      claimed.await();
      java.util.concurrent.Future<?> second =
          pool.submit(
              () ->
                  store.inTransaction(tx -> {
                    secondStarted.countDown();
                    tx.claimIdentifiers("ServiceRequest", "s2", true, "A81001", List.of(identifier));
                    return null;
                  }));
      first.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThatThrownBy(() -> second.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .hasCauseInstanceOf(DuplicateIdentifier.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(holder("ServiceRequest", "A81001", identifier)).contains("s1");
  }

  @Test
  void grantsOfOneResourceMadeAtOnceAllCommit() throws Exception {
    store.inTransaction(tx -> {
      tx.create(patient("p1", 1, T1, "Smith"), List.of());
      return null;
    });
    // As when several referrals for one person arrive together: each grants the Patient to the referrer.
    int writers = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<Object>> done = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.inTransaction(tx -> {
                    tx.grant("Patient", "p1", "A81001");
                    return "granted";
                  });
                }));
      }
      for (java.util.concurrent.Future<Object> each : done) {
        assertThat(each.get()).isEqualTo("granted");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.visibleTo("Patient", "p1", "A81001")).isTrue();
  }

  @Test
  void failedTransactionCommitsNoneOfItsWrites() {
    assertThatThrownBy(
            () ->
                store.inTransaction(tx -> {
                  tx.create(patient("p1", 1, T1, "Smith"), patientIndex("9000000009", "Smith", 0, 0));
                  tx.grant("Patient", "p1", "A81001");
                  tx.create(patient("p2", 1, T1, "Jones"), List.of());
                  assertThat(tx.read("Patient", "p1")).isPresent(); // the transaction sees its own writes
                  throw new IllegalStateException("the referral rules refused the third write");
                }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.read("Patient", "p1")).isEmpty();
    assertThat(store.read("Patient", "p2")).isEmpty();
    assertThat(store.history("Patient", "p1")).isEmpty();
    assertThat(store.visibleTo("Patient", "p1", "A81001")).isFalse();
    assertThat(store.search(query("Patient", null, new Criterion("identifier", List.of(new TokenMatch(NHS, "9000000009"))))))
        .isEmpty();
  }

  @Test
  void searchIsLimitedToWhatTheOrganisationWasGranted() {
    store.inTransaction(tx -> {
      tx.create(patient("p1", 1, T1, "Smith"), patientIndex("9000000009", "Smith", 0, 0));
      tx.create(patient("p2", 1, T2, "Smith"), patientIndex("9000000017", "Smith", 0, 0));
      tx.grant("Patient", "p1", "A81001");
      tx.grant("Patient", "p1", "Organization/provider-1");
      tx.grant("Patient", "p1", "A81001"); // granting twice is harmless
      tx.grant("Patient", "p2", "B82002");
      return null;
    });
    Criterion smith = new Criterion("family", List.of(new PrefixMatch("SMITH")));

    assertThat(ids(store.search(query("Patient", "A81001", smith)))).containsExactly("p1");
    assertThat(ids(store.search(query("Patient", "Organization/provider-1", smith)))).containsExactly("p1");
    assertThat(ids(store.search(query("Patient", "B82002", smith)))).containsExactly("p2");
    assertThat(store.search(query("Patient", "C83003", smith))).isEmpty();
    assertThat(ids(store.search(query("Patient", null, smith)))).containsExactly("p2", "p1");
    assertThat(store.count(query("Patient", "A81001", smith))).isEqualTo(1);
    assertThat(store.visibleTo("Patient", "p2", "A81001")).isFalse();
  }

  @Test
  void tokensMatchWithOrWithoutSystemAndAnyOfSeveral() {
    store.inTransaction(tx -> {
      tx.create(patient("p1", 1, T1, "Smith"), patientIndex("9000000009", "Smith", 0, 0));
      tx.create(patient("p2", 1, T1, "Jones"), List.of(IndexValue.token("identifier", null, "9000000009")));
      return null;
    });

    assertThat(ids(store.search(query("Patient", null, new Criterion("identifier", List.of(new TokenMatch(NHS, "9000000009")))))))
        .containsExactly("p1");
    assertThat(ids(store.search(query("Patient", null, new Criterion("identifier", List.of(new TokenMatch(null, "9000000009")))))))
        .containsExactlyInAnyOrder("p1", "p2");
    assertThat(ids(store.search(query("Patient", null, new Criterion("identifier", List.of(new TokenMatch("", "9000000009")))))))
        .containsExactly("p2");
    assertThat(ids(store.search(query("Patient", null, new Criterion(SearchQuery.ID, List.of(new TokenMatch(null, "p2"), new TokenMatch(null, "p9")))))))
        .containsExactly("p2");
  }

  @Test
  void datesMatchByEveryPrefix() {
    long day = 86_400_000L;
    long march1 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    store.inTransaction(tx -> {
      // authored on 1 March (a whole day) and on 3 March (a whole day)
      tx.create(patient("early", 1, T1, "A"), List.of(IndexValue.date("authored", march1, march1 + day - 1)));
      tx.create(patient("late", 1, T2, "B"), List.of(IndexValue.date("authored", march1 + 2 * day, march1 + 3 * day - 1)));
      return null;
    });
    long march2 = march1 + day;

    assertThat(authored(DatePrefix.EQ, march1, march1 + day - 1)).containsExactly("early");
    assertThat(authored(DatePrefix.NE, march1, march1 + day - 1)).containsExactly("late");
    assertThat(authored(DatePrefix.GT, march2, march2 + day - 1)).containsExactly("late");
    assertThat(authored(DatePrefix.LT, march2, march2 + day - 1)).containsExactly("early");
    assertThat(authored(DatePrefix.GE, march1, march1 + day - 1)).containsExactlyInAnyOrder("early", "late");
    assertThat(authored(DatePrefix.LE, march1, march1 + day - 1)).containsExactly("early");
    assertThat(authored(DatePrefix.SA, march1, march1 + day - 1)).containsExactly("late");
    assertThat(authored(DatePrefix.EB, march2, march2 + day - 1)).containsExactly("early");
    assertThat(authored(DatePrefix.AP, march2, march2 + day - 1)).containsExactlyInAnyOrder("early", "late");
    assertThat(
            ids(store.search(query("Patient", null, new Criterion(SearchQuery.LAST_UPDATED,
                List.of(new DateMatch(DatePrefix.GT, T1.toEpochMilli(), T1.toEpochMilli())))))))
        .containsExactly("late");
  }

  private List<String> authored(DatePrefix prefix, long low, long high) {
    return ids(store.search(query("Patient", null, new Criterion("authored", List.of(new DateMatch(prefix, low, high))))));
  }

  @Test
  void sortsAndPages() {
    store.inTransaction(tx -> {
      for (int i = 0; i < 5; i++) {
        tx.create(
            patient("p" + i, 1, T1.plusSeconds(i), "Smith"),
            List.of(IndexValue.date("authored", 1000L * (10 - i), 1000L * (10 - i))));
      }
      return null;
    });

    assertThat(ids(store.search(new SearchQuery("Patient", List.of(), null, Sort.NEWEST_FIRST, 1, 2))))
        .containsExactly("p3", "p2");
    assertThat(ids(store.search(new SearchQuery("Patient", List.of(), null, new Sort("authored", false), 0, 3))))
        .containsExactly("p4", "p3", "p2");
    assertThat(ids(store.search(new SearchQuery("Patient", List.of(), null, new Sort(SearchQuery.LAST_UPDATED, false), 3, 10))))
        .containsExactly("p3", "p4");
    assertThat(store.count(new SearchQuery("Patient", List.of(), null, Sort.NEWEST_FIRST, 4, 1))).isEqualTo(5);
  }
}
