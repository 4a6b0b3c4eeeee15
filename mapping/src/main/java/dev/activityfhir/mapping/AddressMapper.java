package dev.activityfhir.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Address.AddressType;
import org.hl7.fhir.r4.model.Address.AddressUse;
import org.jspecify.annotations.Nullable;

/**
 * A Place's {@code address} to a FHIR Address: PostalAddress fields (streetAddress → line,
 * addressLocality → city, addressRegion → district, postalCode, addressCountry → country), or a
 * bare string (seen when the location is vague) as {@code text}.
 */
final class AddressMapper {

  Optional<Address> map(@Nullable JsonNode address) {
    if (address == null) {
      return Optional.empty();
    }
    Address result = new Address().setUse(AddressUse.WORK).setType(AddressType.PHYSICAL);
    if (address.isTextual()) {
      return Optional.of(result.setText(address.asText().trim()));
    }
    String street = tidy(JsonLd.text(address, "streetAddress"));
    if (street != null) {
      for (String line : street.split("\\s*[\\r\\n]+\\s*")) {
        result.addLine(line);
      }
    }
    result.setCity(tidy(JsonLd.text(address, "addressLocality")));
    result.setDistrict(tidy(JsonLd.text(address, "addressRegion")));
    result.setPostalCode(tidy(JsonLd.text(address, "postalCode")));
    result.setCountry(tidy(JsonLd.text(address, "addressCountry")));
    List<String> parts = new ArrayList<>();
    result.getLine().forEach(l -> parts.add(l.getValue()));
    for (String part : new String[] {result.getCity(), result.getDistrict(), result.getPostalCode()}) {
      if (part != null) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(result.setText(String.join(", ", parts)));
  }

  /** Trims stray separators that real feeds leave (", Long Eaton"). */
  private static @Nullable String tidy(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String tidied = value.replaceAll("^[\\s,]+|[\\s,]+$", "");
    return tidied.isEmpty() ? null : tidied;
  }
}
