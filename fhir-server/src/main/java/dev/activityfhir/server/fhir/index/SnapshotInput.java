package dev.activityfhir.server.fhir.index;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a snapshot file's numbers and bytes (big-endian, as {@link java.io.DataOutputStream} wrote them) through
 * one reused buffer. A restore reads millions of single bytes; this reads them without the per-call locking of
 * {@code DataInputStream} over {@code BufferedInputStream}.
 */
final class SnapshotInput {

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private long remaining;

  /**
   * @param channel positioned at the first byte to read
   * @param length how many bytes may be read from there (the rest of the file is not content)
   */
  SnapshotInput(FileChannel channel, long length, int bufferBytes) {
    this.channel = channel;
    this.remaining = length;
    this.buffer = ByteBuffer.allocate(bufferBytes);
    buffer.limit(0);
  }

  int readUnsignedByte() throws IOException {
    if (!buffer.hasRemaining()) {
      fill(1);
    }
    return buffer.get() & 0xff;
  }

  boolean readBoolean() throws IOException {
    return readUnsignedByte() != 0;
  }

  int readInt() throws IOException {
    fill(Integer.BYTES);
    return buffer.getInt();
  }

  long readLong() throws IOException {
    fill(Long.BYTES);
    return buffer.getLong();
  }

  void readFully(byte[] into, int offset, int length) throws IOException {
    int at = offset;
    int left = length;
    while (left > 0) {
      if (!buffer.hasRemaining()) {
        fill(1);
      }
      int n = Math.min(left, buffer.remaining());
      buffer.get(into, at, n);
      at += n;
      left -= n;
    }
  }

  /** Makes at least {@code bytes} (at most the buffer's capacity) readable, keeping what is unread. */
  private void fill(int bytes) throws IOException {
    if (buffer.remaining() >= bytes) {
      return;
    }
    buffer.compact();
    while (buffer.position() < bytes) {
      if (remaining <= 0) {
        throw new EOFException("Unexpected end of the snapshot");
      }
      // Never read past the content (the checksum follows it).
      buffer.limit((int) Math.min(buffer.capacity(), buffer.position() + remaining));
      int n = channel.read(buffer);
      buffer.limit(buffer.capacity());
      if (n < 0) {
        throw new EOFException("Unexpected end of the snapshot");
      }
      remaining -= n;
    }
    buffer.flip();
  }
}
