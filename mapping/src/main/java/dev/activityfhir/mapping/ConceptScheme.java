package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed OpenActive SKOS concept scheme (JSON-LD {@code ConceptScheme} with a {@code concept}
 * array). Lookups accept what real feeds send: the concept URI over https or http (with or without
 * {@code www.}), the bare code, or a preferred or alternative label in any letter case.
 */
final class ConceptScheme {

  private final String url;
  private final String title;
  private final @Nullable String description;
  private final String license;
  private final Map<String, Concept> byCode;
  private final Map<String, Concept> byLabel;
  private final Map<String, Set<String>> childCodes;

  private ConceptScheme(String url, String title, @Nullable String description, String license,
      Map<String, Concept> byCode) {
    this.url = url;
    this.title = title;
    this.description = description;
    this.license = license;
    this.byCode = Collections.unmodifiableMap(byCode);
    this.byLabel = indexLabels(byCode.values());
    this.childCodes = indexChildren(byCode.values());
  }

  /** Parses a scheme from the classpath resource next to this class. */
  static ConceptScheme fromResource(String resourceName) {
    try (InputStream in = ConceptScheme.class.getResourceAsStream(resourceName)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled vocabulary " + resourceName);
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled vocabulary " + resourceName, e);
    }
  }

  /** Parses a scheme from its JSON-LD document. */
  static ConceptScheme parse(JsonNode document) {
    String url = required(JsonLd.id(document), "scheme id");
    String title = Optional.ofNullable(JsonLd.text(document, "title", "name")).orElse(url);
    String license =
        Optional.ofNullable(JsonLd.text(document, "license"))
            .orElse("https://creativecommons.org/licenses/by/4.0/");
    List<JsonNode> nodes = JsonLd.list(document, "concept");
    Map<String, Set<String>> parents = new HashMap<>();
    for (JsonNode node : nodes) {
      String code = codeOf(required(JsonLd.id(node), "concept id"));
      Set<String> own = parents.computeIfAbsent(code, c -> new HashSet<>());
      JsonLd.list(node, "broader").forEach(b -> own.add(codeOf(JsonLd.id(b))));
      // Some concepts list a narrower concept that does not name them as broader: take the union.
      JsonLd.list(node, "narrower")
          .forEach(n -> parents.computeIfAbsent(codeOf(JsonLd.id(n)), c -> new HashSet<>()).add(code));
    }
    Map<String, Concept> byCode = new LinkedHashMap<>();
    for (JsonNode node : nodes) {
      String id = required(JsonLd.id(node), "concept id");
      String code = codeOf(id);
      List<String> altLabels = new ArrayList<>();
      JsonLd.list(node, "altLabel").forEach(a -> altLabels.add(a.asText()));
      byCode.put(
          code,
          new Concept(
              id,
              code,
              required(JsonLd.text(node, "prefLabel"), "prefLabel of " + id),
              altLabels,
              JsonLd.text(node, "definition"),
              parents.getOrDefault(code, Set.of())));
    }
    return new ConceptScheme(url, title, JsonLd.text(document, "description"), license, byCode);
  }

  String url() {
    return url;
  }

  String title() {
    return title;
  }

  @Nullable String description() {
    return description;
  }

  String license() {
    return license;
  }

  Collection<Concept> concepts() {
    return byCode.values();
  }

  Optional<Concept> byCode(String code) {
    return Optional.ofNullable(byCode.get(code.trim()));
  }

  /** By concept URI (https/http, with or without www.), by bare code, or by label. */
  Optional<Concept> byIdOrLabel(String idOrLabel) {
    String value = idOrLabel.trim();
    int hash = value.indexOf('#');
    if (hash >= 0) {
      boolean sameScheme = hostAndPath(value.substring(0, hash)).equals(hostAndPath(url));
      return sameScheme ? byCode(value.substring(hash + 1)) : Optional.empty();
    }
    Concept concept = byCode.get(value);
    return concept != null ? Optional.of(concept) : Optional.ofNullable(byLabel.get(labelKey(value)));
  }

  /** The code itself and every code below it; empty when the code is unknown. */
  Set<String> selfAndDescendants(String code) {
    if (!byCode.containsKey(code)) {
      return Set.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(code));
    while (!pending.isEmpty()) {
      String next = pending.removeFirst();
      if (seen.add(next)) {
        pending.addAll(childCodes.getOrDefault(next, Set.of()));
      }
    }
    return Collections.unmodifiableSet(seen);
  }

  private static Map<String, Concept> indexLabels(Collection<Concept> concepts) {
    Map<String, Concept> labels = new HashMap<>();
    // Preferred labels win over alternative labels when two concepts share a spelling.
    concepts.forEach(c -> labels.putIfAbsent(labelKey(c.prefLabel()), c));
    concepts.forEach(c -> c.altLabels().forEach(a -> labels.putIfAbsent(labelKey(a), c)));
    return Collections.unmodifiableMap(labels);
  }

  private static Map<String, Set<String>> indexChildren(Collection<Concept> concepts) {
    Map<String, Set<String>> children = new HashMap<>();
    for (Concept concept : concepts) {
      concept
          .parentCodes()
          .forEach(p -> children.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(concept.code()));
    }
    return children;
  }

  private static String labelKey(String label) {
    return label.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static String hostAndPath(String uri) {
    String rest = uri.trim().replaceFirst("(?i)^https?://", "").replaceFirst("(?i)^www\\.", "");
    return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
  }

  private static String codeOf(@Nullable String id) {
    String value = required(id, "concept reference");
    int hash = value.indexOf('#');
    return hash >= 0 ? value.substring(hash + 1) : value;
  }

  private static String required(@Nullable String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("vocabulary without " + what);
    }
    return value;
  }
}
