package dev.activityfhir.server.fhir.index;

import java.io.IOException;

/**
 * Thrown by a hand-written JSON writer ({@link SlotJson}, {@code BundleJson}) at the first element it does not
 * cover, to give the resource up to HAPI's encoder. One shared instance without a stack trace: it only ever
 * unwinds the writer that threw it, back to the writer's own entry point.
 */
public final class NotWritten extends IOException {

  private static final NotWritten INSTANCE = new NotWritten();

  private NotWritten() {
    super("not written by hand", null);
  }

  /** Gives up on the resource at hand unless the element at hand is {@code covered}. */
  public static void require(boolean covered) throws NotWritten {
    if (!covered) {
      throw INSTANCE;
    }
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
