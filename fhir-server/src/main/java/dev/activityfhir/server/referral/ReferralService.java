package dev.activityfhir.server.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import dev.activityfhir.server.audit.AuditRecord;
import dev.activityfhir.server.audit.Interaction;
import dev.activityfhir.server.auth.Caller;
import dev.activityfhir.server.auth.Caller.Permission;
import dev.activityfhir.server.problem.FhirProblem;
import dev.activityfhir.server.referral.DirectoryLookup.Availability;
import dev.activityfhir.server.referral.DirectoryLookup.Session;
import dev.activityfhir.server.referral.store.ResourceReader;
import dev.activityfhir.server.referral.store.ResourceStore;
import dev.activityfhir.server.referral.store.SearchQuery;
import dev.activityfhir.server.referral.store.SearchQuery.Criterion;
import dev.activityfhir.server.referral.store.SearchQuery.Match;
import dev.activityfhir.server.referral.store.SearchQuery.TokenMatch;
import dev.activityfhir.server.referral.store.StoredResource;
import dev.activityfhir.server.referral.store.UniqueIdentifier;
import dev.activityfhir.server.referral.store.DuplicateIdentifier;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.jspecify.annotations.Nullable;

/**
 * The referral side's rules: who may read and write what, what a referral must say, the Task that follows each
 * referral, and conditional writes. Every method takes the {@link Caller}; nothing is returned that the caller's
 * organisation may not see (a referrer sees the referrals it made and their Patients, Consents and Tasks; a
 * provider sees the referrals to its services and those same resources, and updates their Tasks).
 */
public final class ReferralService {

  /** The types this side keeps. */
  public static final Set<String> TYPES = Set.of("ServiceRequest", "Patient", "Consent", "Task");

  /** The types a client may update (a Consent is replaced by a new one, not changed). */
  private static final Set<String> UPDATABLE = Set.of("ServiceRequest", "Patient", "Task");

  /** How many times a write is tried when concurrent writes claim the same unique identifier. */
  private static final int WRITE_ATTEMPTS = 6;

  private static final String TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code";

  private final ResourceStore store;
  private final DirectoryLookup directory;
  private final StructureValidator validator;
  private final Clock clock;
  private final FhirContext fhir;
  private final IdentifierLocks identifierLocks = new IdentifierLocks();

  public ReferralService(
      ResourceStore store, DirectoryLookup directory, StructureValidator validator, Clock clock, FhirContext fhir) {
    this.store = store;
    this.directory = directory;
    this.validator = validator;
    this.clock = clock;
    this.fhir = fhir;
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  /** The current version, if the caller may read it; else 404 (403 without the scope). */
  public Resource read(Caller caller, String type, String id) {
    require(caller, type, Permission.READ);
    return parse(visible(store, caller, type, id));
  }

  /** One version, if the caller may read the resource. */
  public Resource vread(Caller caller, String type, String id, long version) {
    require(caller, type, Permission.READ);
    visible(store, caller, type, id);
    return parse(store.vread(type, id, version).orElseThrow(() -> FhirProblem.notFound(type + "/" + id + "/_history/" + version)));
  }

  /** Every version, newest first, if the caller may read the resource. */
  public List<Resource> history(Caller caller, String type, String id) {
    require(caller, type, Permission.READ);
    visible(store, caller, type, id);
    return store.history(type, id).stream().map(this::parse).toList();
  }

  /** How many resources the search matches among those the caller may see. */
  public long count(Caller caller, ReferralSearch search) {
    require(caller, search.type(), Permission.SEARCH);
    SearchQuery query = query(store, caller, search, 0, 0);
    return query == null ? 0 : store.count(query);
  }

  /** One page of matches (in order) followed by the included resources the caller may see. */
  public SearchPage search(Caller caller, ReferralSearch search, int offset, int limit) {
    require(caller, search.type(), Permission.SEARCH);
    SearchQuery query = query(store, caller, search, offset, limit);
    if (query == null) {
      return new SearchPage(List.of(), List.of());
    }
    List<Resource> matches = store.search(query).stream().map(this::parse).toList();
    return new SearchPage(matches, included(caller, search, matches));
  }

  /** A page of a search: its matches and what {@code _include}/{@code _revinclude} brought. */
  public record SearchPage(List<Resource> matches, List<Resource> included) {}

  private List<Resource> included(Caller caller, ReferralSearch search, List<Resource> matches) {
    Map<String, Resource> included = new LinkedHashMap<>();
    for (Resource match : matches) {
      if (!(match instanceof ServiceRequest request)) {
        continue;
      }
      for (String include : search.includes()) {
        switch (include) {
          case "ServiceRequest:patient" -> includeStored(caller, request.getSubject(), included);
          case "ServiceRequest:performer" -> request.getPerformer().forEach(p -> includeDirectory(p, included));
          case "ServiceRequest:requester" -> {
            includeStored(caller, request.getRequester(), included);
            includeDirectory(request.getRequester(), included);
          }
          default -> throw new IllegalStateException("unbound include " + include);
        }
      }
    }
    if (search.revIncludes().contains("Task:focus") && !matches.isEmpty()) {
      List<Match> focus =
          matches.stream().<Match>map(m -> new TokenMatch(null, "ServiceRequest/" + m.getIdElement().getIdPart())).toList();
      SearchQuery tasks =
          new SearchQuery(
              "Task", List.of(new Criterion("focus", focus)), caller.organization(), SearchQuery.Sort.NEWEST_FIRST, 0,
              ReferralSearchBinder.MAXIMUM_COUNT * 2);
      for (StoredResource task : store.search(tasks)) {
        included.putIfAbsent(task.reference(), parse(task));
      }
    }
    return List.copyOf(included.values());
  }

  private void includeStored(Caller caller, Reference reference, Map<String, Resource> included) {
    String[] target = typeAndId(reference);
    if (target == null || !TYPES.contains(target[0]) || included.containsKey(target[0] + "/" + target[1])) {
      return;
    }
    Optional<StoredResource> found = store.read(target[0], target[1]);
    if (found.isPresent() && store.visibleTo(target[0], target[1], caller.organization())) {
      included.put(found.get().reference(), parse(found.get()));
    }
  }

  private void includeDirectory(Reference reference, Map<String, Resource> included) {
    String[] target = typeAndId(reference);
    if (target == null || included.containsKey(target[0] + "/" + target[1])) {
      return;
    }
    directory.resource(target[0], target[1]).ifPresent(r -> included.put(target[0] + "/" + target[1], r));
  }

  /** The store query of a search limited to the caller's organisation; null when it can match nothing. */
  private static @Nullable SearchQuery query(
      ResourceReader reader, Caller caller, ReferralSearch search, int offset, int limit) {
    List<Criterion> criteria = new ArrayList<>(search.criteria());
    if (!search.subjectIdentifiers().isEmpty()) {
      SearchQuery patients =
          new SearchQuery(
              "Patient", search.subjectIdentifiers(), caller.organization(), SearchQuery.Sort.NEWEST_FIRST, 0, 1000);
      List<Match> refs =
          reader.search(patients).stream().<Match>map(p -> new TokenMatch(null, p.reference())).toList();
      if (refs.isEmpty()) {
        return null;
      }
      criteria.add(new Criterion(search.type().equals("ServiceRequest") ? "subject" : "patient", refs));
    }
    return new SearchQuery(search.type(), criteria, caller.organization(), search.sort(), offset, limit);
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  /**
   * Creates a Patient, Consent or ServiceRequest (with its Task), or, when {@code ifNoneExist} matches one
   * resource the caller may see, answers that one unchanged.
   */
  public Written create(Caller caller, Resource resource, @Nullable String ifNoneExist) {
    return inTransaction(caller, List.of(resource), writes -> writes.create(resource, ifNoneExist));
  }

  /**
   * Updates a Patient, ServiceRequest or Task.
   *
   * @param expectedVersion the version named by {@code If-Match}; null when none was sent
   */
  public Written update(Caller caller, Resource resource, @Nullable Long expectedVersion) {
    return inTransaction(caller, List.of(resource), writes -> writes.update(resource, expectedVersion));
  }

  /**
   * Runs writes in one transaction: all of them are committed, or none. When a concurrent transaction took one of
   * the unique identifiers written (two retries of one referral at the same moment), the work is run again in a
   * new transaction, where a conditional create finds what the other one wrote: so the work must start afresh each
   * time (parse or copy its input inside it).
   *
   * @param writing the resources the work writes: writes of the same unique identifiers wait for each other here
   */
  public <T> T inTransaction(
      Caller caller, List<? extends Resource> writing, java.util.function.Function<Writes, T> work) {
    return identifierLocks.holding(caller.organization(), writing, () -> attempt(caller, work));
  }

  private <T> T attempt(Caller caller, java.util.function.Function<Writes, T> work) {
    for (int attempt = 1; ; attempt++) {
      boolean recheck = attempt > 1;
      try {
        return store.inTransaction(tx -> work.apply(new Writes(tx, caller, new java.util.HashMap<>(), recheck)));
      } catch (DuplicateIdentifier e) {
        if (attempt == WRITE_ATTEMPTS) {
          throw FhirProblem.conflict(
              "Another request is writing a " + e.type() + " with the same identifier; retry", e.type() + ".identifier");
        }
        pauseBeforeRetry(attempt);
      }
    }
  }

  /** A short, growing, jittered pause: a database that refuses at once gives the other transaction time to commit. */
  private static void pauseBeforeRetry(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FhirProblem.conflict("Interrupted while retrying a write; retry");
    }
  }

  /** Reads a Task the caller may update, for a patch. */
  public Task taskForUpdate(Caller caller, String id) {
    require(caller, "Task", Permission.UPDATE);
    return (Task) parse(visible(store, caller, "Task", id));
  }

  /** Writes inside one store transaction, for one caller; {@code urn:uuid:} references resolved through aliases. */
  public final class Writes {
    private final ResourceStore.Transaction tx;
    private final Caller caller;
    private final Map<String, String> aliases;
    private final boolean recheckIdentifiers;

    /**
     * @param recheckIdentifiers look up each unique identifier before claiming it (on a retry, so that a plain
     *     duplicate answers 409 naming its element rather than failing again)
     */
    Writes(ResourceStore.Transaction tx, Caller caller, Map<String, String> aliases, boolean recheckIdentifiers) {
      this.tx = tx;
      this.caller = caller;
      this.aliases = aliases;
      this.recheckIdentifiers = recheckIdentifiers;
    }

    /** Records that {@code urn:uuid:...} names a resource written earlier in this transaction. */
    public void alias(String fullUrl, String typeAndId) {
      aliases.put(fullUrl, typeAndId);
    }

    /** Replaces {@code urn:uuid:} references in the resource by the ids written earlier in this transaction. */
    public void resolveAliases(Resource resource) {
      if (aliases.isEmpty()) {
        return;
      }
      for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
        String target = reference.getReference();
        if (target != null && aliases.containsKey(target)) {
          reference.setReference(aliases.get(target));
        }
      }
    }

    /**
     * Creates a resource (or answers the one {@code ifNoneExist} matches), recording the write in the audit trail
     * in this transaction.
     */
    public Written create(Resource resource, @Nullable String ifNoneExist) {
      return audited(createUnaudited(resource, ifNoneExist), Interaction.CREATE);
    }

    /** Updates a resource, recording the write in the audit trail in this transaction. */
    public Written update(Resource resource, @Nullable Long expectedVersion) {
      return audited(updateUnaudited(resource, expectedVersion), Interaction.UPDATE);
    }

    private Written audited(Written written, Interaction interaction) {
      Resource resource = written.resource();
      tx.audit(
          AuditRecord.success(
              caller,
              interaction,
              resource.fhirType(),
              resource.getIdElement().getIdPart(),
              written.created() ? 201 : 200));
      return written;
    }

    private Written createUnaudited(Resource resource, @Nullable String ifNoneExist) {
      String type = resource.fhirType();
      require(caller, type, Permission.CREATE);
      if (type.equals("Task")) {
        throw new FhirProblem(
            FhirProblem.Status.METHOD_NOT_ALLOWED,
            org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED,
            "Tasks are created by the server with each referral");
      }
      if (!TYPES.contains(type)) {
        throw FhirProblem.notFound(type);
      }
      if (caller.isProvider()) {
        throw FhirProblem.forbidden("Activity providers do not create " + type + " resources; referrers do");
      }
      resolveAliases(resource);
      if (ifNoneExist != null) {
        Optional<StoredResource> existing = conditionalMatch(type, ifNoneExist);
        if (existing.isPresent()) {
          return new Written(parse(existing.get()), false);
        }
      }
      // The referral rules first: they name the element precisely where the validator names only its parent.
      switch (type) {
        case "Patient" -> ReferralRules.checkPatient((Patient) resource);
        case "Consent" -> ReferralRules.checkConsent((Consent) resource);
        default -> ReferralRules.checkServiceRequest((ServiceRequest) resource, true);
      }
      checkStructure(resource);
      return switch (type) {
        case "Patient" -> new Written(insert(resource, List.of(caller.organization())), true);
        case "Consent" -> {
          requireVisibleReference(((Consent) resource).getPatient(), "Patient", "Consent.patient");
          yield new Written(insert(resource, List.of(caller.organization())), true);
        }
        default -> new Written(createReferral((ServiceRequest) resource), true);
      };
    }

    private Optional<StoredResource> conditionalMatch(String type, String ifNoneExist) {
      String query = ifNoneExist.contains("?") ? ifNoneExist.substring(ifNoneExist.indexOf('?') + 1) : ifNoneExist;
      ReferralSearch search = ReferralSearchBinder.bind(type, QueryStrings.parse(query));
      if (search.criteria().isEmpty() && search.subjectIdentifiers().isEmpty()) {
        throw FhirProblem.badRequest("If-None-Exist needs at least one search parameter", "If-None-Exist");
      }
      SearchQuery q = query(tx, caller, search, 0, 2);
      List<StoredResource> found = q == null ? List.of() : tx.search(q);
      if (found.size() > 1) {
        throw FhirProblem.preconditionFailed("If-None-Exist matches more than one " + type);
      }
      return found.stream().findFirst();
    }

    private Resource createReferral(ServiceRequest request) {
      StoredResource patient = requireVisibleReference(request.getSubject(), "Patient", "ServiceRequest.subject");
      String provider = providerOf(request.getPerformerFirstRep());
      checkSupportingInfo(request);
      Resource stored = insert(request, List.of(caller.organization(), provider));
      tx.grant("Patient", patient.id(), provider);
      for (Reference info : request.getSupportingInfo()) {
        String[] target = typeAndId(info);
        if (target != null && target[0].equals("Consent")) {
          tx.grant("Consent", target[1], provider);
        }
      }
      Task task = new Task();
      task.setStatus(TaskStatus.REQUESTED);
      task.setIntent(TaskIntent.ORDER);
      task.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(TASK_CODE_SYSTEM, "fulfill", "Fulfill the focal request")));
      task.setFocus(new Reference("ServiceRequest/" + stored.getIdElement().getIdPart()));
      task.setFor(new Reference(request.getSubject().getReference()));
      task.setOwner(new Reference(provider));
      task.setRequester(request.getRequester().copy());
      task.setAuthoredOn(Date.from(now()));
      insert(task, List.of(caller.organization(), provider));
      return stored;
    }

    /** The provider organisation ({@code Organization/<id>}) of a performer found in the directory, else 422. */
    private String providerOf(Reference performer) {
      String[] target = typeAndId(performer);
      if (target != null && target[0].equals("HealthcareService")) {
        Optional<DirectoryLookup.ProvidedService> service = directory.service(target[1]);
        if (service.isPresent() && service.get().active() && service.get().organizationId() != null) {
          return "Organization/" + service.get().organizationId();
        }
      } else if (target != null && target[0].equals("Organization") && directory.organizationExists(target[1])) {
        return "Organization/" + target[1];
      }
      throw FhirProblem.unprocessable(
          "The performer must be an active HealthcareService (or an Organization) of the directory; "
              + performer.getReference() + " is not",
          "ServiceRequest.performer[0]");
    }

    /** A referral may name one session (Slot): it must be the performer's, not started, not cancelled, not full. */
    private void checkSupportingInfo(ServiceRequest request) {
      List<Reference> infos = request.getSupportingInfo();
      String[] performer = typeAndId(request.getPerformerFirstRep());
      int slots = 0;
      for (int i = 0; i < infos.size(); i++) {
        String path = "ServiceRequest.supportingInfo[" + i + "]";
        String[] target = typeAndId(infos.get(i));
        if (target == null) {
          continue;
        }
        switch (target[0]) {
          case "Consent" -> requireVisibleReference(infos.get(i), "Consent", path);
          case "Slot" -> {
            if (++slots > 1) {
              throw FhirProblem.unprocessable("A referral names at most one session (Slot)", path);
            }
            checkSession(target[1], performer, path);
          }
          default -> {
            // other supporting information is kept as given
          }
        }
      }
    }

    private void checkSession(String slotId, String @Nullable [] performer, String path) {
      Session session =
          directory.slot(slotId).orElseThrow(() -> FhirProblem.conflict("Slot/" + slotId + " is not in the directory", path));
      boolean performers;
      if (performer != null && performer[0].equals("HealthcareService")) {
        performers = session.serviceIds().contains(performer[1]);
      } else {
        String organization = performer == null ? null : performer[1];
        performers =
            session.serviceIds().stream()
                .map(directory::service)
                .flatMap(Optional::stream)
                .anyMatch(s -> organization != null && organization.equals(s.organizationId()));
      }
      if (!performers) {
        throw FhirProblem.conflict("Slot/" + slotId + " is not a session of the performer's Schedule", path);
      }
      if (session.start() != null && !session.start().isAfter(now())) {
        throw FhirProblem.conflict("Slot/" + slotId + " has already started", path);
      }
      if (session.availability() == Availability.CANCELLED) {
        throw FhirProblem.conflict("Slot/" + slotId + " is cancelled", path);
      }
      if (session.availability() == Availability.FULL) {
        throw FhirProblem.conflict("Slot/" + slotId + " has no places left", path);
      }
    }

    private StoredResource requireVisibleReference(Reference reference, String type, String path) {
      String[] target = typeAndId(reference);
      if (target == null || !target[0].equals(type)) {
        throw FhirProblem.unprocessable(path + " must reference a " + type, path);
      }
      Optional<StoredResource> found = tx.read(type, target[1]);
      if (found.isEmpty() || !tx.visibleTo(type, target[1], caller.organization())) {
        throw FhirProblem.unprocessable(type + "/" + target[1] + " is not known", path);
      }
      return found.get();
    }

    private Written updateUnaudited(Resource resource, @Nullable Long expectedVersion) {
      String type = resource.fhirType();
      if (!UPDATABLE.contains(type)) {
        throw new FhirProblem(
            FhirProblem.Status.METHOD_NOT_ALLOWED,
            org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED,
            type + " resources cannot be updated");
      }
      require(caller, type, Permission.UPDATE);
      String id = resource.getIdElement().getIdPart();
      StoredResource current = visible(tx, caller, type, id);
      if (expectedVersion != null && expectedVersion != current.version()) {
        throw FhirProblem.preconditionFailed(
            type + "/" + id + " is at version " + current.version() + ", not " + expectedVersion);
      }
      resolveAliases(resource);
      switch (type) {
        case "Patient" -> {
          requireReferrer(type);
          ReferralRules.checkPatient((Patient) resource);
        }
        case "ServiceRequest" -> {
          requireReferrer(type);
          ServiceRequest proposed = (ServiceRequest) resource;
          ReferralRules.checkServiceRequest(proposed, false);
          ServiceRequest stored = (ServiceRequest) parse(current);
          if (!proposed.getSubject().getReference().equals(stored.getSubject().getReference())
              || !proposed.getPerformerFirstRep().getReference().equals(stored.getPerformerFirstRep().getReference())) {
            throw FhirProblem.unprocessable(
                "A referral's subject and performer cannot change; make a new referral", "ServiceRequest.performer");
          }
        }
        case "Task" -> updateTaskChecks((Task) parse(current), (Task) resource);
        default -> throw new FhirProblem(
            FhirProblem.Status.METHOD_NOT_ALLOWED,
            org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED,
            type + " resources cannot be updated");
      }
      checkStructure(resource);
      Resource written = replace(resource, current.version() + 1);
      claimIdentifiers(written, current.version() + 1);
      if (resource instanceof Task task && ((Task) parse(current)).getStatus() != task.getStatus()) {
        followTask(task);
      }
      return new Written(written, false);
    }

    private void requireReferrer(String type) {
      if (caller.isProvider()) {
        throw FhirProblem.forbidden("Only the referrer updates a " + type);
      }
    }

    private void updateTaskChecks(Task current, Task proposed) {
      if (!caller.isProvider() || !caller.organization().equals(current.getOwner().getReference())) {
        throw FhirProblem.forbidden("Only the provider that owns a referral's Task updates it");
      }
      TaskStatus beforeHold = null;
      if (current.getStatus() == TaskStatus.ONHOLD) {
        for (StoredResource version : store.history("Task", current.getIdElement().getIdPart())) {
          TaskStatus status = ((Task) parse(version)).getStatus();
          if (status != TaskStatus.ONHOLD) {
            beforeHold = status;
            break;
          }
        }
      }
      TaskWorkflow.checkUpdate(current, proposed, beforeHold);
    }

    /** The referral follows its Task: completed when the Task completes, revoked when rejected or cancelled. */
    private void followTask(Task task) {
      ServiceRequest.ServiceRequestStatus status = TaskWorkflow.serviceRequestStatus(task.getStatus());
      String[] focus = typeAndId(task.getFocus());
      if (status == null || focus == null) {
        return;
      }
      StoredResource stored = tx.read("ServiceRequest", focus[1]).orElseThrow();
      ServiceRequest request = (ServiceRequest) parse(stored);
      request.setStatus(status);
      replace(request, stored.version() + 1);
    }

    private Resource insert(Resource resource, List<String> organizations) {
      String id = UUID.randomUUID().toString();
      resource.setId(id);
      stamp(resource, 1);
      StoredResource stored = stored(resource, 1);
      tx.create(stored, SearchIndexer.index(resource));
      claimIdentifiers(resource, 1);
      for (String organization : organizations) {
        tx.grant(resource.fhirType(), id, organization);
      }
      return resource;
    }

    /** Makes the resource's unique identifiers its own among the caller's organisation's; 409 if another holds one. */
    private void claimIdentifiers(Resource resource, long version) {
      List<UniqueIdentifier> identifiers = UniqueIdentifiers.of(resource);
      if (!UniqueIdentifiers.TYPES.contains(resource.fhirType()) || (identifiers.isEmpty() && version == 1)) {
        return;
      }
      String id = resource.getIdElement().getIdPart();
      if (recheckIdentifiers) {
        for (UniqueIdentifier identifier : identifiers) {
          Optional<String> holder = tx.identifierHolder(resource.fhirType(), caller.organization(), identifier);
          if (holder.isPresent() && !holder.get().equals(id)) {
            throw FhirProblem.conflict(
                resource.fhirType() + "/" + holder.get() + " already has this identifier (" + identifier.system()
                    + "); send If-None-Exist to reuse it",
                UniqueIdentifiers.path(resource, identifier));
          }
        }
      }
      tx.claimIdentifiers(resource.fhirType(), id, version == 1, caller.organization(), identifiers);
    }

    private Resource replace(Resource resource, long version) {
      stamp(resource, version);
      tx.update(stored(resource, version), SearchIndexer.index(resource));
      return resource;
    }
  }

  // ---- shared ------------------------------------------------------------------------------------------------

  private void checkStructure(Resource resource) {
    ReferralProfiles.stamp(resource);
    List<FhirProblem.Issue> errors = validator.errors(resource);
    if (!errors.isEmpty()) {
      throw new FhirProblem(FhirProblem.Status.UNPROCESSABLE_ENTITY, errors);
    }
  }

  private void stamp(Resource resource, long version) {
    ReferralProfiles.stamp(resource);
    resource.getMeta().setVersionId(Long.toString(version));
    resource.getMeta().setLastUpdated(Date.from(now()));
    resource.setIdElement(resource.getIdElement().toUnqualifiedVersionless());
  }

  private StoredResource stored(Resource resource, long version) {
    return new StoredResource(
        resource.fhirType(),
        resource.getIdElement().getIdPart(),
        version,
        resource.getMeta().getLastUpdated().toInstant(),
        fhir.newJsonParser().encodeResourceToString(resource));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static void require(Caller caller, String type, Permission permission) {
    if (!caller.allows(type, permission)) {
      throw FhirProblem.forbidden(
          "The token's scopes do not allow " + permission.name().toLowerCase(java.util.Locale.ROOT) + " of " + type);
    }
  }

  /** The stored resource when the caller's organisation may see it; 404 alike when absent or not theirs. */
  private static StoredResource visible(ResourceReader reader, Caller caller, String type, String id) {
    Optional<StoredResource> found = reader.read(type, id);
    if (found.isEmpty() || !reader.visibleTo(type, id, caller.organization())) {
      throw FhirProblem.notFound(type + "/" + id);
    }
    return found.get();
  }

  private Resource parse(StoredResource stored) {
    IParser parser = fhir.newJsonParser();
    return (Resource) parser.parseResource(stored.json());
  }

  /** {@code [type, id]} of a relative literal reference, else null. */
  private static String @Nullable [] typeAndId(@Nullable Reference reference) {
    if (reference == null || !reference.hasReference()) {
      return null;
    }
    String value = reference.getReference();
    if (value.startsWith("urn:") || value.startsWith("#")) {
      return null;
    }
    String[] segments = value.split("/");
    if (segments.length < 2) {
      return null;
    }
    int at = segments.length >= 4 && segments[segments.length - 2].equals("_history") ? segments.length - 4 : segments.length - 2;
    return new String[] {segments[at], segments[at + 1]};
  }
}
