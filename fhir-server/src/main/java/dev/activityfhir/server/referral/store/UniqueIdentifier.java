package dev.activityfhir.server.referral.store;

import java.util.Objects;

/**
 * A business identifier that names at most one resource of a type per owning organisation (a referral's
 * identifier, a Patient's NHS number).
 *
 * @param system the identifier's system
 * @param value its value, as compared
 */
public record UniqueIdentifier(String system, String value) {

  public UniqueIdentifier {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(value, "value");
  }
}
