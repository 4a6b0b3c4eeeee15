package dev.activityfhir.conformance;

/**
 * A FHIR NPM package's identity.
 *
 * @param name the package name, e.g. {@code dev.activityfhir.r4}
 * @param version its version, the Maven build's version
 */
public record PackageId(String name, String version) {

  /** The package's file name as published, e.g. {@code dev.activityfhir.r4-0.1.0.tgz}. */
  public String fileName() {
    return name + "-" + version + ".tgz";
  }

  @Override
  public String toString() {
    return name + "#" + version;
  }
}
