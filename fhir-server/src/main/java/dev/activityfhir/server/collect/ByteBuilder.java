package dev.activityfhir.server.collect;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array written as an {@link OutputStream}, unsynchronised, whose free space can also be filled in
 * place ({@link #ensureFree}, {@link #array}, {@link #advance}): a response body is assembled in it once, without
 * the intermediate strings and copies of a {@code Writer}.
 */
public final class ByteBuilder extends OutputStream {

  private byte[] bytes;
  private int length;

  /** An empty builder with room for {@code capacity} bytes before it grows. */
  public ByteBuilder(int capacity) {
    this.bytes = new byte[Math.max(capacity, 16)];
  }

  @Override
  public void write(int b) {
    ensureFree(1);
    bytes[length++] = (byte) b;
  }

  @Override
  public void write(byte[] source) {
    write(source, 0, source.length);
  }

  @Override
  public void write(byte[] source, int offset, int count) {
    ensureFree(count);
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
  }

  /** Inserts {@code source} at {@code position}, moving what follows it. */
  public void insert(int position, byte[] source) {
    if (position < 0 || position > length) {
      throw new IndexOutOfBoundsException(position);
    }
    ensureFree(source.length);
    System.arraycopy(bytes, position, bytes, position + source.length, length - position);
    System.arraycopy(source, 0, bytes, position, source.length);
    length += source.length;
  }

  /** Makes room for at least {@code count} more bytes after {@link #length()}. */
  public void ensureFree(int count) {
    if (bytes.length - length < count) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
    }
  }

  /** The backing array, valid until the builder next grows; bytes from {@link #length()} on are free space. */
  public byte[] array() {
    return bytes;
  }

  /** Counts {@code count} bytes written directly into {@link #array()} after {@link #length()}. */
  public void advance(int count) {
    if (count < 0 || length + count > bytes.length) {
      throw new IndexOutOfBoundsException(count);
    }
    length += count;
  }

  /** The number of bytes written. */
  public int length() {
    return length;
  }

  /** Drops everything from {@code newLength} on. */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IndexOutOfBoundsException(newLength);
    }
    length = newLength;
  }

  /** Whether the bytes from {@code position} start with {@code prefix}. */
  public boolean startsWith(byte[] prefix, int position) {
    return position >= 0
        && position + prefix.length <= length
        && Arrays.equals(bytes, position, position + prefix.length, prefix, 0, prefix.length);
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }
}
