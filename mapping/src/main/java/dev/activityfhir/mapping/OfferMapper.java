package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UrlType;
import org.jspecify.annotations.Nullable;

/**
 * {@code offers} to the offer extension (FHIR R4 has no price element on HealthcareService): one
 * complex extension per Offer with {@code name}, {@code price} (Money), {@code url} and {@code
 * ageRange} (years) sub-extensions.
 */
public final class OfferMapper {

  /** Complex extension, one per OpenActive Offer. */
  public static final String OFFER_URL = "https://activityfhir.dev/fhir/StructureDefinition/offer";

  /** Currency assumed for a zero price published without one (a free UK session). */
  static final String DEFAULT_CURRENCY = "GBP";

  List<Extension> map(JsonNode view) {
    List<Extension> offers = new ArrayList<>();
    for (JsonNode offer : JsonLd.list(view, "offers")) {
      Extension extension = offer(offer);
      if (extension.hasExtension()) {
        offers.add(extension);
      }
    }
    return offers;
  }

  /** Whether every published price is zero (or the publisher says free); null when unknown. */
  static @Nullable Boolean isFree(JsonNode view) {
    Boolean declared = JsonLd.bool(view, "isAccessibleForFree");
    List<JsonNode> offers = JsonLd.list(view, "offers");
    boolean anyPrice = false;
    for (JsonNode offer : offers) {
      BigDecimal price = JsonLd.number(offer, "price");
      if (price != null) {
        anyPrice = true;
        if (price.signum() > 0) {
          return Boolean.FALSE;
        }
      }
    }
    return anyPrice ? Boolean.TRUE : declared;
  }

  private static Extension offer(JsonNode offer) {
    Extension extension = new Extension(OFFER_URL);
    String name = JsonLd.text(offer, "name");
    if (name != null) {
      extension.addExtension("name", new StringType(name));
    }
    BigDecimal price = JsonLd.number(offer, "price");
    if (price != null) {
      Money money = new Money().setValue(price);
      String currency = JsonLd.text(offer, "priceCurrency");
      if (currency != null) {
        money.setCurrency(currency.toUpperCase(Locale.ROOT));
      } else if (price.signum() == 0) {
        money.setCurrency(DEFAULT_CURRENCY);
      }
      extension.addExtension("price", money);
    }
    String url = JsonLd.text(offer, "url");
    if (url != null) {
      extension.addExtension("url", new UrlType(url));
    }
    JsonNode ageRange = JsonLd.get(offer, "ageRange", "ageRestriction");
    BigDecimal min = JsonLd.number(ageRange, "minValue");
    BigDecimal max = JsonLd.number(ageRange, "maxValue");
    if (min != null || max != null) {
      extension.addExtension("ageRange", EligibilityMapper.years(min, max));
    }
    return extension;
  }
}
