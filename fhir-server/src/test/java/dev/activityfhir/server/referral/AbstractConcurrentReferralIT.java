package dev.activityfhir.server.referral;

import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_A;
import static dev.activityfhir.server.referral.FixedTokenAuthenticator.GP_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many clients send the same conditional create at the same moment (a GP system retrying on a timeout, two
 * workers of one practice): each organisation ends with one referral and one record of the person, the first
 * request answers 201 and every other 200 with that same resource. Run on H2 and on PostgreSQL by subclasses.
 */
abstract class AbstractConcurrentReferralIT {

  private static final String FHIR_JSON = "application/fhir+json";
  private static final int THREADS = 16;
  private static final int ROUNDS = 4;

  private ExecutorService pool;

  abstract ReferralServerExtension server();

  @BeforeEach
  void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Runs every call at once (released together) and answers their responses in order. */
  private List<Response> together(List<Callable<Response>> calls) throws Exception {
    CountDownLatch ready = new CountDownLatch(calls.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Response>> futures = new ArrayList<>();
    for (Callable<Response> call : calls) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return call.call();
              }));
    }
    ready.await();
    go.countDown();
    List<Response> responses = new ArrayList<>();
    for (Future<Response> future : futures) {
      responses.add(future.get(120, TimeUnit.SECONDS));
    }
    return responses;
  }

  private static <T> List<T> times(int n, Function<Integer, T> make) {
    List<T> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(make.apply(i));
    }
    return list;
  }

  private static Set<String> distinct(List<Response> responses, Function<Response, String> value) {
    Set<String> values = new HashSet<>();
    responses.forEach(r -> values.add(value.apply(r)));
    return values;
  }

  private int total(String token, String type, String param, String value) {
    return given(server().as(token)).queryParam(param, value).get(type)
        .then().statusCode(200).extract().jsonPath().getInt("total");
  }

  @Test
  void theSameReferralTransactionSentAtOnceIsStoredOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String identifier = "REF-" + UUID.randomUUID();
      String nhsNumber = ReferralFixtures.newNhsNumber();
      String body =
          ReferralFixtures.json(
              ReferralFixtures.transaction(
                  identifier, "HealthcareService/" + ReferralDirectory.WALKING_FOOTBALL, null, nhsNumber));

      List<Response> responses =
          together(
              times(
                  THREADS,
                  i -> () -> given(server().as(GP_A)).contentType(FHIR_JSON).body(body).post("")));

      for (Response response : responses) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
      }
      // Entry 0 is the referral, entry 1 the Patient: one of the clients created them, the others were given them.
      assertThat(responses).extracting(r -> r.jsonPath().getString("entry[0].response.status"))
          .containsOnly("201 Created", "200 OK")
          .filteredOn("201 Created"::equals)
          .hasSize(1);
      assertThat(distinct(responses, r -> r.jsonPath().getString("entry[0].response.location"))).hasSize(1);
      assertThat(distinct(responses, r -> r.jsonPath().getString("entry[1].response.location"))).hasSize(1);
      String requestId = responses.get(0).jsonPath().getString("entry[0].response.location").split("/")[1];

      assertThat(total(GP_A, "ServiceRequest", "identifier", "https://gp.example.org/referral-id|" + identifier)).isEqualTo(1);
      assertThat(total(GP_A, "Patient", "identifier", "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber)).isEqualTo(1);
      assertThat(total(GP_A, "Task", "focus", "ServiceRequest/" + requestId)).isEqualTo(1);
    }
  }

  @Test
  void theSameServiceRequestPostedAtOnceWithIfNoneExistIsCreatedOnceAndGivenToTheOthers() throws Exception {
    Patient patient = ReferralFixtures.patient();
    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    String patientId =
        given(server().as(GP_A)).contentType(FHIR_JSON).body(ReferralFixtures.json(patient)).post("Patient")
            .then().statusCode(201).extract().jsonPath().getString("id");
    for (int round = 0; round < ROUNDS; round++) {
      String identifier = "SR-" + UUID.randomUUID();
      ServiceRequest request = ReferralFixtures.serviceRequest(identifier);
      request.setSubject(new Reference("Patient/" + patientId));
      String body = ReferralFixtures.json(request);

      List<Response> responses =
          together(
              times(
                  THREADS,
                  i -> () ->
                      given(server().as(GP_A)).contentType(FHIR_JSON)
                          .header("If-None-Exist", "identifier=https://gp.example.org/referral-id|" + identifier)
                          .body(body).post("ServiceRequest")));

      assertThat(responses).extracting(Response::statusCode).containsOnly(201, 200).filteredOn(s -> s == 201).hasSize(1);
      assertThat(distinct(responses, r -> r.jsonPath().getString("id"))).doesNotContainNull().hasSize(1);
      assertThat(total(GP_A, "ServiceRequest", "identifier", "https://gp.example.org/referral-id|" + identifier)).isEqualTo(1);
    }
  }

  @Test
  void twoPracticesRegisteringTheSamePersonAtOnceEachGetTheirOwnRecordAndNeverTheOther() throws Exception {
    String nhsNumber = ReferralFixtures.newNhsNumber();
    Patient patient = ReferralFixtures.patient();
    patient.getIdentifierFirstRep().setValue(nhsNumber);
    String body = ReferralFixtures.json(patient);
    String condition = "identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber;
    String identifier = "https://fhir.nhs.uk/Id/nhs-number|" + nhsNumber;

    List<Response> responses =
        together(
            times(
                THREADS,
                i -> () ->
                    given(server().as(i % 2 == 0 ? GP_A : GP_B)).contentType(FHIR_JSON)
                        .header("If-None-Exist", condition).body(body).post("Patient")));

    List<String> idsOfA = new ArrayList<>();
    List<String> idsOfB = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      assertThat(responses.get(i).statusCode()).isIn(200, 201);
      (i % 2 == 0 ? idsOfA : idsOfB).add(responses.get(i).jsonPath().getString("id"));
    }
    assertThat(new HashSet<>(idsOfA)).doesNotContainNull().hasSize(1);
    assertThat(new HashSet<>(idsOfB)).doesNotContainNull().hasSize(1);
    assertThat(idsOfA.get(0)).isNotEqualTo(idsOfB.get(0));
    assertThat(responses).extracting(Response::statusCode).filteredOn(s -> s == 201).hasSize(2);
    assertThat(total(GP_A, "Patient", "identifier", identifier)).isEqualTo(1);
    assertThat(total(GP_B, "Patient", "identifier", identifier)).isEqualTo(1);
    given(server().as(GP_B)).get("Patient/" + idsOfA.get(0)).then().statusCode(404);
  }

  @Test
  void plainCreatesOfTheSamePersonAtOnceKeepOneAndAnswerTheRest409() throws Exception {
    Patient patient = ReferralFixtures.patient();
    patient.getIdentifierFirstRep().setValue(ReferralFixtures.newNhsNumber());
    String body = ReferralFixtures.json(patient);

    List<Response> responses =
        together(times(THREADS, i -> () -> given(server().as(GP_A)).contentType(FHIR_JSON).body(body).post("Patient")));

    assertThat(responses).extracting(Response::statusCode).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    for (Response refused : responses.stream().filter(r -> r.statusCode() == 409).toList()) {
      assertThat(refused.jsonPath().getString("resourceType")).isEqualTo("OperationOutcome");
      assertThat(refused.jsonPath().getString("issue[0].code")).isEqualTo("conflict");
      assertThat(refused.jsonPath().getString("issue[0].expression[0]")).startsWith("Patient.identifier");
    }
  }
}
