package dev.activityfhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferedTextResponseTest {

  /** What the wrapped response was given. */
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final List<Integer> writes = new ArrayList<>();
  private final Map<String, String> headers = new HashMap<>();
  private Integer contentLength;
  private String characterEncoding = "UTF-8";

  @Test
  void sendsASmallBodyInOneWriteWithItsLength() {
    BufferedTextResponse response = new BufferedTextResponse(container(), false);
    PrintWriter writer = writer(response);
    writer.write("{\"name\":\"Café ");
    writer.write("🏊\"}".toCharArray());
    writer.flush();
    assertThat(sent.size()).isZero();

    writer.close();

    byte[] expected = "{\"name\":\"Café 🏊\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(sent.toByteArray()).isEqualTo(expected);
    assertThat(writes).containsExactly(expected.length);
    assertThat(contentLength).isEqualTo(expected.length);
    assertThat(response.body()).isEqualTo(expected);
  }

  @Test
  void sendsALargeBodyInPiecesWithoutSplittingACharacter() {
    BufferedTextResponse response = new BufferedTextResponse(container(), false);
    PrintWriter writer = writer(response);
    String text = "a".repeat(BufferedTextResponse.BUFFERED_CHARS - 1) + "🏊" + "é".repeat(1000);
    for (int i = 0; i < text.length(); i += 4096) {
      writer.write(text, i, Math.min(4096, text.length() - i));
    }
    writer.close();

    assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0)).isEqualTo(BufferedTextResponse.BUFFERED_CHARS - 1);
    assertThat(contentLength).isNull();
    assertThat(response.body()).isNull();
  }

  @Test
  void resetDiscardsTheBufferedText() {
    BufferedTextResponse response = new BufferedTextResponse(container(), false);
    PrintWriter writer = writer(response);
    writer.write("half a page");
    response.reset();
    writer.write("{}");
    writer.close();

    assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(contentLength).isEqualTo(2);
  }

  @Test
  void finishSendsTextNeverClosedAndCloseIsIdempotent() {
    BufferedTextResponse response = new BufferedTextResponse(container(), false);
    writer(response).write("unclosed");

    response.finish();
    response.finish();

    assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("unclosed");
    assertThat(writes).hasSize(1);
  }

  @Test
  void sendsABodyAssembledAsBytesInPlaceOfTheWritersText() throws Exception {
    BufferedTextResponse response = new BufferedTextResponse(container(), true);
    byte[] page = ("{\"entry\":[" + "{\"resource\":{\"name\":\"Café\"}},".repeat(200) + "{}]}")
        .getBytes(StandardCharsets.UTF_8);
    PrintWriter writer = writer(response);

    assertThat(BufferedTextResponse.sendWhole(requestFor(response), page)).isTrue();
    writer.close();
    response.finish();

    assertThat(writes).hasSize(1);
    assertThat(headers).containsEntry("Content-Encoding", "gzip");
    assertThat(contentLength).isEqualTo(sent.size());
    assertThat(gunzip(sent.toByteArray())).isEqualTo(new String(page, StandardCharsets.UTF_8));
    assertThat(response.body()).isEqualTo(page);
  }

  @Test
  void sendsNoBytesBodyOnceTextIsWrittenOrWithoutTheWriter() throws Exception {
    BufferedTextResponse untouched = new BufferedTextResponse(container(), false);
    assertThat(BufferedTextResponse.sendWhole(requestFor(untouched), new byte[] {'{', '}'})).isFalse();

    BufferedTextResponse started = new BufferedTextResponse(container(), false);
    PrintWriter writer = writer(started);
    writer.write("[1");
    assertThat(BufferedTextResponse.sendWhole(requestFor(started), new byte[] {'{', '}'})).isFalse();
    writer.write("]");
    writer.close();

    assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("[1]");
    assertThat(BufferedTextResponse.sendWhole(new ServletRequestDetails(), new byte[] {'{', '}'})).isFalse();
  }

  private static ServletRequestDetails requestFor(BufferedTextResponse response) {
    ServletRequestDetails request = new ServletRequestDetails();
    request.setServletResponse(response);
    return request;
  }

  @Test
  void otherCharsetsUseTheContainersWriter() throws Exception {
    characterEncoding = "ISO-8859-1";
    BufferedTextResponse response = new BufferedTextResponse(container(), false);

    assertThat(response.getWriter()).isSameAs(CONTAINER_WRITER);
    assertThat(response.body()).isNull();
  }

  @Test
  void compressesForAGzipClientAndKeepsTheTextForTheCache() throws Exception {
    BufferedTextResponse response = new BufferedTextResponse(container(), true);
    String text = "{\"entry\":[" + "{\"resource\":{\"name\":\"Walking Football\"}},".repeat(200) + "{}]}";
    PrintWriter writer = writer(response);
    writer.write(text);
    writer.close();

    assertThat(headers).containsEntry("Content-Encoding", "gzip").containsEntry("Vary", "Accept-Encoding");
    assertThat(contentLength).isEqualTo(sent.size()).isLessThan(text.length() / 10);
    assertThat(gunzip(sent.toByteArray())).isEqualTo(text);
    assertThat(response.body()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsSmallBodiesUncompressedAndLargeOnesCompressedInPieces() throws Exception {
    BufferedTextResponse small = new BufferedTextResponse(container(), true);
    writer(small).write("{}");
    small.finish();
    assertThat(headers).doesNotContainKey("Content-Encoding");
    assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("{}");

    sent.reset();
    BufferedTextResponse large = new BufferedTextResponse(container(), true);
    String text = "é🏊 walking netball ".repeat(60_000);
    writer(large).write(text);
    large.finish();
    assertThat(headers).containsEntry("Content-Encoding", "gzip");
    assertThat(contentLength).isEqualTo(2);
    assertThat(gunzip(sent.toByteArray())).isEqualTo(text);
    assertThat(large.body()).isNull();
  }

  private static String gunzip(byte[] bytes) throws java.io.IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static final PrintWriter CONTAINER_WRITER = new PrintWriter(new ByteArrayOutputStream());

  private static PrintWriter writer(BufferedTextResponse response) {
    try {
      return response.getWriter();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A container response recording the bytes, writes and Content-Length it is given. */
  private HttpServletResponse container() {
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            sent.write(b);
            writes.add(1);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            sent.write(bytes, offset, length);
            writes.add(length);
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}
        };
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getOutputStream" -> out;
                  case "getWriter" -> CONTAINER_WRITER;
                  case "getCharacterEncoding" -> characterEncoding;
                  case "setContentLength" -> {
                    contentLength = (Integer) args[0];
                    yield null;
                  }
                  case "setHeader", "addHeader" -> {
                    headers.merge((String) args[0], (String) args[1], (a, b) -> a + ", " + b);
                    yield null;
                  }
                  default -> null;
                });
  }
}
