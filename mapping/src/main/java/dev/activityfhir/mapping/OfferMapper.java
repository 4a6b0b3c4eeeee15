package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UrlType;
import org.jspecify.annotations.Nullable;

/**
 * {@code offers} to the offer extension (FHIR R4 has no price element on HealthcareService): one
 * complex extension per priced Offer with {@code name}, {@code price} (Money), {@code url} and
 * {@code ageRange} (years) sub-extensions.
 */
public final class OfferMapper {

  /** Complex extension, one per OpenActive Offer. */
  public static final String OFFER_URL = "https://activityfhir.dev/fhir/StructureDefinition/offer";

  /** Currency assumed for a zero price published without one (a free UK session). */
  static final String DEFAULT_CURRENCY = "GBP";

  OfferMapper() {}

  List<Extension> map(JsonNode view) {
    List<Extension> offers = new ArrayList<>();
    for (JsonNode offer : offers(view)) {
      // An Offer without a price says nothing a user can act on (and price is required in 2.0).
      if (price(offer) != null) {
        offers.add(offer(offer));
      }
    }
    if (offers.isEmpty() && Boolean.TRUE.equals(JsonLd.bool(view, "isAccessibleForFree"))) {
      // Free by the publisher's word alone: a zero-priced offer, so that a search for price 0 finds it.
      Extension free = new Extension(OFFER_URL);
      free.addExtension("name", new StringType("Free"));
      free.addExtension("price", new Money().setValue(BigDecimal.ZERO).setCurrency(DEFAULT_CURRENCY));
      offers.add(free);
    }
    return offers;
  }

  /**
   * The distinct offers (by name, price and currency) the occurrences carry, copied: for a parent
   * published without prices of its own.
   */
  static List<Extension> distinct(List<Slot> occurrences) {
    Set<String> seen = new HashSet<>();
    List<Extension> result = new ArrayList<>();
    for (Slot slot : occurrences) {
      for (Extension offer : slot.getExtensionsByUrl(OFFER_URL)) {
        Extension name = offer.getExtensionByUrl("name");
        Money price = (Money) offer.getExtensionByUrl("price").getValue();
        String key =
            (name == null ? "" : name.getValue().primitiveValue())
                + "|"
                + price.getValue().stripTrailingZeros().toPlainString()
                + "|"
                + price.getCurrency();
        if (seen.add(key)) {
          result.add(offer.copy());
        }
      }
    }
    return result;
  }

  /** Whether an offer extension's price is zero. */
  static boolean isZero(Extension offer) {
    return offer.getExtensionByUrl("price").getValue() instanceof Money money
        && money.hasValue()
        && money.getValue().signum() == 0;
  }

  /** Whether every published price is zero (or the publisher says free); null when unknown. */
  static @Nullable Boolean isFree(JsonNode view) {
    Boolean declared = JsonLd.bool(view, "isAccessibleForFree");
    boolean anyPrice = false;
    for (JsonNode offer : offers(view)) {
      BigDecimal price = price(offer);
      if (price != null) {
        anyPrice = true;
        if (price.signum() > 0) {
          return Boolean.FALSE;
        }
      }
    }
    return anyPrice ? Boolean.TRUE : declared;
  }

  /** The offers: {@code offers} as an array or a single object, and the singular {@code offer}. */
  static List<JsonNode> offers(JsonNode view) {
    List<JsonNode> offers = new ArrayList<>();
    for (JsonNode offer : JsonLd.all(view, "offers", "offer")) {
      if (offer.isObject()) {
        offers.add(offer);
      }
    }
    return offers;
  }

  /**
   * An offer's price: a number, or a string such as {@code "0.00"}, {@code "5"}, {@code "£5.00"} or
   * {@code "Free"}; null when absent or unreadable.
   */
  static @Nullable BigDecimal price(JsonNode offer) {
    BigDecimal number = JsonLd.number(offer, "price");
    if (number != null) {
      return number;
    }
    String text = JsonLd.text(offer, "price");
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("free")) {
      return BigDecimal.ZERO;
    }
    int first = 0;
    while (first < trimmed.length() && "£$€ ".indexOf(trimmed.charAt(first)) >= 0) {
      first++;
    }
    try {
      return new BigDecimal(trimmed.substring(first).replace(",", ""));
    } catch (NumberFormatException notAPrice) {
      return null;
    }
  }

  private static Extension offer(JsonNode offer) {
    Extension extension = new Extension(OFFER_URL);
    String name = JsonLd.text(offer, "name");
    if (name != null) {
      extension.addExtension("name", new StringType(name));
    }
    BigDecimal price = price(offer);
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
    String url = WebAddress.of(JsonLd.text(offer, "url"));
    if (url != null) {
      extension.addExtension("url", new UrlType(url));
    }
    JsonNode ageRange = JsonLd.get(offer, "ageRange", "ageRestriction");
    AgeRange range = AgeRange.of(ageRange);
    if (range != null) {
      extension.addExtension("ageRange", EligibilityMapper.years(range.min(), range.max()));
    }
    return extension;
  }
}
