package dev.activityfhir.server.harvest;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a bounded deadline passes: no fixed sleeps in tests. */
final class Eventually {

  private Eventually() {}

  static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  static void await(String what, BooleanSupplier condition, Supplier<Object> state) {
    await(what, condition, state, Duration.ofSeconds(20));
  }

  /** With a deadline of its own, for work whose duration depends on how busy the machine is. */
  static void await(String what, BooleanSupplier condition, Supplier<Object> state, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; state: " + state.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
