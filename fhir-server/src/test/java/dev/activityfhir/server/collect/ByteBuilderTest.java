package dev.activityfhir.server.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteBuilderTest {

  @Test
  void appendsInsertsAndTruncatesGrowingPastItsCapacity() {
    ByteBuilder out = new ByteBuilder(0);
    out.write(utf8("{\"meta\":{\"lastUpdated\":\"x\"}}"));
    out.insert(9, utf8("\"versionId\":\"2\","));
    out.write('!');

    assertThat(text(out)).isEqualTo("{\"meta\":{\"versionId\":\"2\",\"lastUpdated\":\"x\"}}!");
    assertThat(out.startsWith(utf8("\"versionId\""), 9)).isTrue();
    assertThat(out.startsWith(utf8("}}!?"), out.length() - 3)).isFalse();

    out.truncate(1);
    assertThat(text(out)).isEqualTo("{");
  }

  @Test
  void countsBytesFilledInPlace() {
    ByteBuilder out = new ByteBuilder(16);
    out.write('a');
    out.ensureFree(100);
    System.arraycopy(utf8("bcd"), 0, out.array(), out.length(), 3);
    out.advance(3);

    assertThat(text(out)).isEqualTo("abcd");
    assertThat(out.array().length).isGreaterThanOrEqualTo(101);
  }

  @Test
  void rejectsPositionsOutsideWhatIsWritten() {
    ByteBuilder out = new ByteBuilder(16);
    out.write(utf8("abc"));

    assertThatThrownBy(() -> out.insert(4, utf8("x"))).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> out.truncate(4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> out.advance(14)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(out.startsWith(utf8("c"), -1)).isFalse();
    assertThat(text(out)).isEqualTo("abc");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(ByteBuilder out) {
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }
}
