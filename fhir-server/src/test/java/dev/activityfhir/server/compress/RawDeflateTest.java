package dev.activityfhir.server.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activityfhir.server.collect.ByteBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;

class RawDeflateTest {

  private static final byte[] TEXT =
      "{\"resourceType\":\"Slot\",\"status\":\"free\"} ".repeat(50).getBytes(StandardCharsets.UTF_8);
  private static final byte[] DICTIONARY =
      "{\"resourceType\":\"Slot\",\"status\":\"busy\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripsWithAndWithoutADictionaryLeavingThePrefixFree() throws Exception {
    byte[] plain = RawDeflate.deflate(TEXT, null, 0);
    byte[] withDictionary = RawDeflate.deflate(TEXT, DICTIONARY, 3);
    assertThat(plain.length).isLessThan(TEXT.length / 10);
    assertThat(Arrays.copyOf(withDictionary, 3)).containsExactly(0, 0, 0);

    assertThat(RawDeflate.inflate(plain, 0, null)).isEqualTo(TEXT);
    assertThat(RawDeflate.inflate(withDictionary, 3, DICTIONARY)).isEqualTo(TEXT);
    // The same input gives the same bytes each time (the per-thread state is reset between uses).
    assertThat(RawDeflate.deflate(TEXT, null, 0)).isEqualTo(plain);
  }

  @Test
  void rejectsTruncatedInputAndAMissingDictionary() throws Exception {
    byte[] deflated = RawDeflate.deflate(TEXT, DICTIONARY, 0);
    byte[] truncated = Arrays.copyOf(deflated, deflated.length / 2);
    assertThatThrownBy(() -> RawDeflate.inflate(truncated, 0, DICTIONARY))
        .isInstanceOf(DataFormatException.class);
    assertThatThrownBy(() -> RawDeflate.inflate(deflated, 0, null)).isInstanceOf(DataFormatException.class);
    // The thread's inflater still works after the failures.
    assertThat(RawDeflate.inflate(deflated, 0, DICTIONARY)).isEqualTo(TEXT);
  }

  @Test
  void inflatesOntoWhatABuilderHoldsGrowingItAsNeeded() throws Exception {
    byte[] deflated = RawDeflate.deflate(TEXT, DICTIONARY, 0);
    ByteBuilder out = new ByteBuilder(4);
    out.write('[');

    RawDeflate.inflateTo(deflated, 0, DICTIONARY, out);
    RawDeflate.inflateTo(deflated, 0, DICTIONARY, out);

    assertThat(out.length()).isEqualTo(1 + 2 * TEXT.length);
    assertThat(out.startsWith(TEXT, 1)).isTrue();
    assertThat(out.startsWith(TEXT, 1 + TEXT.length)).isTrue();
  }
}
