package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.jspecify.annotations.Nullable;

/**
 * Read and search of one type of conformance resource (StructureDefinition, SearchParameter,
 * CodeSystem, ValueSet, ImplementationGuide) from the published package: by id, and searched by
 * {@code url} (exact), {@code name} (starts with, case and accents ignored; {@code :exact}, {@code
 * :contains}) and {@code version} (exact), all optional and combined with and.
 *
 * @param <T> the resource type
 */
public final class ConformanceResourceProvider<T extends MetadataResource>
    implements IResourceProvider {

  private final Class<T> type;
  private final Map<String, T> byId = new LinkedHashMap<>();

  /**
   * @param type the resource type served
   * @param resources the resources, each with an id; a later one with an id already taken is left
   *     out
   */
  public ConformanceResourceProvider(Class<T> type, List<? extends T> resources) {
    this.type = type;
    resources.forEach(r -> byId.putIfAbsent(r.getIdPart(), r));
  }

  @Override
  public Class<T> getResourceType() {
    return type;
  }

  /** The resource with this id (a copy: HAPI may annotate what it returns). */
  @Read
  @SuppressWarnings("unchecked")
  public T read(@IdParam IdType id) {
    T resource = byId.get(id.getIdPart());
    if (resource == null) {
      throw new ResourceNotFoundException(
          type.getSimpleName() + "/" + id.getIdPart() + " is not known");
    }
    return (T) resource.copy();
  }

  /** Every resource matching all the given parameters, in package order. */
  @Search
  @SuppressWarnings("unchecked")
  public List<T> search(
      @OptionalParam(name = "url") @Nullable UriParam url,
      @OptionalParam(name = "name") @Nullable StringParam name,
      @OptionalParam(name = "version") @Nullable TokenParam version) {
    return byId.values().stream()
        .filter(r -> url == null || url.getValue().equals(r.getUrl()))
        .filter(r -> version == null || version.getValue().equals(r.getVersion()))
        .filter(r -> name == null || nameMatches(name, r.getName()))
        .map(r -> (T) r.copy())
        .toList();
  }

  private static boolean nameMatches(StringParam param, @Nullable String name) {
    if (name == null) {
      return false;
    }
    if (param.isExact()) {
      return name.equals(param.getValue());
    }
    String value = plain(name);
    String wanted = plain(param.getValue());
    return param.isContains() ? value.contains(wanted) : value.startsWith(wanted);
  }

  private static String plain(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT);
  }
}
