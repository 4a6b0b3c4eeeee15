package dev.activityfhir.conformance.terminology;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.jspecify.annotations.Nullable;

/**
 * One CodeSystem held for lookups: concepts by code (nested concepts flattened) and the is-a
 * hierarchy from {@code parent}/{@code child} properties and nesting, with every concept's
 * descendants computed once.
 */
final class CodeSystemIndex {

  private final CodeSystem codeSystem;
  private final Map<String, ConceptDefinitionComponent> byCode = new LinkedHashMap<>();
  private final Map<String, Set<String>> children = new HashMap<>();
  private final Map<String, Set<String>> parents = new HashMap<>();
  private final Map<String, String> searchText = new HashMap<>();

  CodeSystemIndex(CodeSystem codeSystem) {
    this.codeSystem = codeSystem;
    codeSystem.getConcept().forEach(c -> add(c, null));
    for (ConceptDefinitionComponent concept : byCode.values()) {
      concept.getProperty().stream()
          .filter(p -> p.getCode().equals("parent"))
          .forEach(p -> link(p.getValue().primitiveValue(), concept.getCode()));
      concept.getProperty().stream()
          .filter(p -> p.getCode().equals("child"))
          .forEach(p -> link(concept.getCode(), p.getValue().primitiveValue()));
      StringBuilder text = new StringBuilder(normalise(concept.getDisplay()));
      for (ConceptDefinitionDesignationComponent designation : concept.getDesignation()) {
        text.append('\n').append(normalise(designation.getValue()));
      }
      searchText.put(concept.getCode(), text.toString());
    }
  }

  CodeSystem codeSystem() {
    return codeSystem;
  }

  String url() {
    return codeSystem.getUrl();
  }

  List<ConceptDefinitionComponent> concepts() {
    return List.copyOf(byCode.values());
  }

  Optional<ConceptDefinitionComponent> concept(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  Set<String> parents(String code) {
    return parents.getOrDefault(code, Set.of());
  }

  Set<String> children(String code) {
    return children.getOrDefault(code, Set.of());
  }

  /** Every code below {@code code}, transitively, without {@code code} itself. */
  Set<String> descendants(String code) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(children(code));
    while (!pending.isEmpty()) {
      String next = pending.removeFirst();
      if (seen.add(next)) {
        pending.addAll(children(next));
      }
    }
    seen.remove(code);
    return Collections.unmodifiableSet(seen);
  }

  /**
   * How well the concept's display or a synonym matches type-ahead text: 2 when one starts with
   * it, 1 when a word in one starts with it, 0 otherwise. Case and accents are ignored.
   */
  int match(String code, String filter) {
    String text = searchText.getOrDefault(code, "");
    String wanted = normalise(filter);
    if (wanted.isEmpty()) {
      return 1;
    }
    int best = 0;
    for (String label : text.split("\n")) {
      if (label.startsWith(wanted)) {
        return 2;
      }
      if (label.contains(" " + wanted) || label.contains("-" + wanted)) {
        best = 1;
      }
    }
    return best;
  }

  private void add(ConceptDefinitionComponent concept, @Nullable String parent) {
    byCode.put(concept.getCode(), concept);
    if (parent != null) {
      link(parent, concept.getCode());
    }
    concept.getConcept().forEach(c -> add(c, concept.getCode()));
  }

  private void link(String parent, String child) {
    children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(child);
    parents.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(parent);
  }

  static String normalise(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String plain =
        Normalizer.normalize(text, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "");
    return plain.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
  }

  /** The concepts in code system order, for stable answers. */
  List<String> order() {
    return new ArrayList<>(byCode.keySet());
  }
}
