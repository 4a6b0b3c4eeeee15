package dev.activityfhir.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A response whose writer collects the text and sends it as UTF-8 in one write, with its {@code Content-Length},
 * when HAPI closes it. Jetty's own writer encodes character by character through a {@code CharBuffer} view and
 * writes in small pieces: measured at over half the CPU of rendering a search page. A body longer than {@link
 * #BUFFERED_CHARS} is sent on in pieces of that size instead of being held whole.
 *
 * <p>For a client that accepts gzip, bodies of {@link #GZIP_MIN_BYTES} or more are compressed here (at the fastest
 * level: JSON still shrinks about eightfold), so that the text is available uncompressed: the bytes of a body sent
 * in one piece stay readable through {@link #body()} for the response cache.
 */
final class BufferedTextResponse extends HttpServletResponseWrapper {

  /** Text held before it is sent in pieces (and, in bytes, the largest body {@link #body()} returns). */
  static final int BUFFERED_CHARS = 512 * 1024;

  /** Bodies smaller than this are sent uncompressed: compressing them saves less than it costs. */
  static final int GZIP_MIN_BYTES = 1024;

  private final boolean gzip;
  private @Nullable TextBuffer buffer;
  private @Nullable PrintWriter writer;

  /**
   * @param gzip whether the client accepts gzip ({@code Accept-Encoding})
   */
  BufferedTextResponse(HttpServletResponse response, boolean gzip) {
    super(response);
    this.gzip = gzip;
    if (gzip) {
      addHeader("Vary", "Accept-Encoding");
    }
  }

  /** A writer into the buffer when the response is UTF-8 (HAPI's always is), else the container's own. */
  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      if (!StandardCharsets.UTF_8.name().equalsIgnoreCase(getCharacterEncoding())) {
        return super.getWriter();
      }
      buffer = new TextBuffer();
      writer = new PrintWriter(buffer, false);
    }
    return writer;
  }

  /** Discards the buffered text along with the headers, as a container's reset discards its buffer. */
  @Override
  public void reset() {
    super.reset();
    if (buffer != null) {
      buffer.discard();
    }
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    if (buffer != null) {
      buffer.discard();
    }
  }

  /**
   * The whole body as sent, if it was written through {@link #getWriter()} (or {@link #sendWhole}) and sent in one
   * piece of at most {@link #BUFFERED_CHARS} bytes; else null.
   */
  @Nullable byte[] body() {
    return buffer == null ? null : buffer.sentWhole;
  }

  /**
   * Sends {@code utf8} as the whole body in place of the writer's text, as if it had been written there and the
   * writer closed: for a body assembled as bytes. Answers false, sending nothing, unless the writer was taken
   * (HAPI's {@code getResponseWriter} sets the status and headers) and nothing was written to it yet.
   */
  static boolean sendWhole(RequestDetails request, byte[] utf8) throws IOException {
    return request instanceof ServletRequestDetails servlet
        && servlet.getServletResponse() instanceof BufferedTextResponse response
        && response.buffer != null
        && response.buffer.sendWhole(utf8);
  }

  /**
   * Sends a body rendered earlier (the UTF-8 text {@link #body()} gave) as this response's whole body, compressed
   * when this client accepts gzip, as it would have been when first rendered.
   *
   * @throws IllegalStateException if a body was already written
   */
  void sendRendered(byte[] utf8) throws IOException {
    if (buffer == null) {
      buffer = new TextBuffer();
    }
    if (!buffer.sendWhole(utf8)) {
      throw new IllegalStateException("a body was already written");
    }
  }

  /** Sends whatever is still buffered: for a request that ended without closing its writer. */
  void finish() {
    if (buffer != null) {
      try {
        buffer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Collects text; sends it when closed, or in pieces once it passes {@link #BUFFERED_CHARS}. */
  private final class TextBuffer extends Writer {
    private final StringBuilder text = new StringBuilder(8192);
    private @Nullable OutputStream parts;
    private boolean closed;
    private @Nullable byte[] sentWhole;

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
      text.append(chars, offset, length);
      sendPartIfFull();
    }

    @Override
    public void write(String string, int offset, int length) throws IOException {
      text.append(string, offset, offset + length);
      sendPartIfFull();
    }

    @Override
    public void write(int c) throws IOException {
      text.append((char) c);
      sendPartIfFull();
    }

    /** Holds the text: flushing part-way would only send it in smaller pieces. */
    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      text.setLength(0);
      if (parts != null) {
        parts.write(bytes);
        parts.close();
        return;
      }
      send(bytes);
    }

    boolean sendWhole(byte[] bytes) throws IOException {
      if (closed || parts != null || text.length() > 0) {
        return false;
      }
      closed = true;
      send(bytes);
      return true;
    }

    private void send(byte[] bytes) throws IOException {
      sentWhole = bytes.length <= BUFFERED_CHARS ? bytes : null;
      byte[] sent = bytes;
      if (gzip && bytes.length >= GZIP_MIN_BYTES) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 6);
        try (OutputStream out = gzipped(compressed)) {
          out.write(bytes);
        }
        sent = compressed.toByteArray();
      }
      setContentLength(sent.length);
      ServletOutputStream out = getOutputStream();
      out.write(sent);
      out.close();
    }

    void discard() {
      if (parts == null) {
        text.setLength(0);
      }
    }

    private void sendPartIfFull() throws IOException {
      if (text.length() < BUFFERED_CHARS) {
        return;
      }
      // Keep a trailing high surrogate with the low one that follows it.
      int end = Character.isHighSurrogate(text.charAt(text.length() - 1)) ? text.length() - 1 : text.length();
      byte[] bytes = text.substring(0, end).getBytes(StandardCharsets.UTF_8);
      text.delete(0, end);
      if (parts == null) {
        parts = gzip ? gzipped(getOutputStream()) : getOutputStream();
      }
      parts.write(bytes);
    }
  }

  /** A gzip stream into {@code out}, at the fastest level; marks the response as gzip-encoded. */
  private OutputStream gzipped(OutputStream out) throws IOException {
    setHeader("Content-Encoding", "gzip");
    return new GZIPOutputStream(out, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
  }
}
