package dev.activityfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.HasAndListParam;
import ca.uhn.fhir.rest.param.HasOrListParam;
import ca.uhn.fhir.rest.param.HasParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.activityfhir.server.fhir.index.ResourceIndex;
import dev.activityfhir.server.fhir.search.KeyFilter;
import dev.activityfhir.server.fhir.search.References;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Answers {@code _has:Type:reference:parameter=value} (FHIR's reverse chaining): runs the search {@code
 * Type?parameter=value} through that type's own provider, as a client would, then follows the {@code reference}
 * of each match back to the resources it names (from the match's search keys, one lookup each). So a reverse
 * chain costs what the inner search costs, with its cache, and never a scan of the referring type; and every
 * parameter (and modifier) the referring type declares works inside {@code _has} with its own semantics. The
 * request guard lets through only the {@code _has} that the package declares (where reverse includes reach).
 */
final class ReverseChains {

  private final ResourceIndex index;
  private final Map<String, IResourceProvider> providers = new HashMap<>();

  ReverseChains(ResourceIndex index) {
    this.index = index;
  }

  /** Makes a provider's searches available inside {@code _has} (done once, while the server is built). */
  void register(IResourceProvider provider) {
    providers.put(provider.getResourceType().getSimpleName(), provider);
  }

  /**
   * One filter per {@code _has} repetition (AND), each keeping the resources of {@code type} that a match of
   * its inner search references (comma-separated values: any of them).
   */
  List<KeyFilter> filters(String type, @Nullable HasAndListParam has) {
    List<KeyFilter> filters = new ArrayList<>();
    if (has == null) {
      return filters;
    }
    for (HasOrListParam or : has.getValuesAsQueryTokens()) {
      Set<String> ids = new HashSet<>();
      for (HasParam value : or.getValuesAsQueryTokens()) {
        ids.addAll(referenced(type, value));
      }
      filters.add(new KeyFilter.IdIn(ids));
    }
    return filters;
  }

  private Set<String> referenced(String type, HasParam has) {
    String source = has.getTargetResourceType();
    IResourceProvider provider = providers.get(source);
    if (provider == null) {
      throw ParamBinder.invalid("_has", "no search of " + source);
    }
    String inner = has.getParameterName();
    HitsBundleProvider matches = search(provider, inner, has.getParameterValue());
    String prefix = type + "/";
    Set<String> ids = new HashSet<>();
    index.query(
        view -> {
          for (var hit : matches.hits()) {
            var entry = view.get(source, hit.id());
            if (entry != null) {
              for (String reference : References.of(source, entry.keys(), has.getReferenceFieldName())) {
                if (reference.startsWith(prefix)) {
                  ids.add(reference.substring(prefix.length()));
                }
              }
            }
          }
          return null;
        });
    return ids;
  }

  /** Calls the provider's {@code @Search} method with {@code name=value} bound as HAPI would bind it. */
  private static HitsBundleProvider search(IResourceProvider provider, String name, String value) {
    int colon = name.indexOf(':');
    String code = colon < 0 ? name : name.substring(0, colon);
    String qualifier = colon < 0 ? null : name.substring(colon);
    Method method = searchMethod(provider);
    Object[] arguments = new Object[method.getParameterCount()];
    boolean bound = false;
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      OptionalParam annotation = parameters[i].getAnnotation(OptionalParam.class);
      if (annotation != null && annotation.name().equals(code)) {
        arguments[i] = bind(parameters[i].getType(), code, qualifier, value);
        bound = true;
      }
    }
    if (!bound) {
      throw ParamBinder.invalid("_has", "no parameter '" + code + "' on " + provider.getResourceType().getSimpleName());
    }
    try {
      return (HitsBundleProvider) method.invoke(provider, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof BaseServerResponseException response) {
        throw response;
      }
      throw new IllegalStateException("Inner search of _has failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Method searchMethod(IResourceProvider provider) {
    for (Method method : provider.getClass().getMethods()) {
      if (method.isAnnotationPresent(Search.class)) {
        return method;
      }
    }
    throw new IllegalStateException("No @Search method on " + provider.getClass().getSimpleName());
  }

  /** A HAPI parameter object of the declared type, filled from the raw value as HAPI's binder fills it. */
  private static Object bind(Class<?> type, String code, @Nullable String qualifier, String value) {
    FhirContext context = FhirContext.forR4Cached();
    QualifiedParamList values = QualifiedParamList.splitQueryStringByCommasIgnoreEscape(qualifier, value);
    try {
      Object instance = type.getDeclaredConstructor().newInstance();
      if (instance instanceof IQueryParameterAnd<?> and) {
        and.setValuesAsQueryTokens(context, code, List.of(values));
      } else if (instance instanceof IQueryParameterOr<?> or) {
        or.setValuesAsQueryTokens(context, code, values);
      } else if (instance instanceof IQueryParameterType single) {
        single.setValueAsQueryToken(context, code, qualifier, value);
      } else {
        throw new IllegalStateException("Cannot bind " + type.getSimpleName());
      }
      return instance;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot bind " + type.getSimpleName(), e);
    }
  }
}
