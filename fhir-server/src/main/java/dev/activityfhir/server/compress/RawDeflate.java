package dev.activityfhir.server.compress;

import dev.activityfhir.server.collect.ByteBuilder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * Raw deflate (no zlib header or checksum) at the fastest level, optionally with a preset dictionary, for data
 * held compressed in memory. Each thread reuses one deflater and one inflater, reset between uses: creating them
 * allocates and frees native zlib state every time.
 */
public final class RawDeflate {

  private static final ThreadLocal<Deflater> DEFLATERS =
      ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));
  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

  private RawDeflate() {}

  /**
   * Compresses {@code input}.
   *
   * @param dictionary the preset dictionary, or null for none
   * @param prefixBytes bytes left free (zero) at the start of the result, for the caller's own header
   */
  public static byte[] deflate(byte[] input, byte @Nullable [] dictionary, int prefixBytes) {
    Deflater deflater = DEFLATERS.get();
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(input);
      deflater.finish();
      byte[] out = new byte[input.length / 2 + 64 + prefixBytes];
      int length = prefixBytes;
      while (!deflater.finished()) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        length += deflater.deflate(out, length, out.length - length);
      }
      return Arrays.copyOf(out, length);
    } finally {
      deflater.reset();
    }
  }

  /**
   * Decompresses {@code input} from {@code offset} to its end.
   *
   * @param dictionary the dictionary it was compressed with, or null for none
   * @throws DataFormatException when the bytes are not raw deflate (with that dictionary) or are truncated
   */
  public static byte[] inflate(byte[] input, int offset, byte @Nullable [] dictionary)
      throws DataFormatException {
    ByteBuilder out = new ByteBuilder((input.length - offset) * 5 + 64);
    inflateTo(input, offset, dictionary, out);
    return out.toByteArray();
  }

  /**
   * Decompresses {@code input} from {@code offset} to its end, appending to {@code out}; on failure {@code out} may
   * hold part of the output.
   *
   * @param dictionary the dictionary it was compressed with, or null for none
   * @throws DataFormatException when the bytes are not raw deflate (with that dictionary) or are truncated
   */
  public static void inflateTo(byte[] input, int offset, byte @Nullable [] dictionary, ByteBuilder out)
      throws DataFormatException {
    Inflater inflater = INFLATERS.get();
    try {
      if (dictionary != null) {
        inflater.setDictionary(dictionary);
      }
      inflater.setInput(input, offset, input.length - offset);
      out.ensureFree((input.length - offset) * 5 + 64);
      while (!inflater.finished()) {
        if (out.array().length == out.length()) {
          out.ensureFree(out.length());
        }
        int n = inflater.inflate(out.array(), out.length(), out.array().length - out.length());
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated");
        }
        out.advance(n);
      }
    } finally {
      inflater.reset();
    }
  }
}
