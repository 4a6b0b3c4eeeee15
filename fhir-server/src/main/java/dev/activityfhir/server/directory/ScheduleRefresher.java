package dev.activityfhir.server.directory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the directory's generated sessions on as time passes ({@link Directory#refreshGeneratedSessions()}),
 * on a daemon thread of its own: every {@link #PERIOD}, so that a session generated from a weekly schedule is
 * withdrawn within the hour after it ends, and each new day's sessions appear at the end of the window.
 */
public final class ScheduleRefresher implements AutoCloseable {

  /** How often the generated sessions are checked: cheap when none has ended and the day is the same. */
  public static final Duration PERIOD = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(ScheduleRefresher.class);

  private final ScheduledExecutorService timer;

  private ScheduleRefresher(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Refreshes {@code directory}'s generated sessions every {@code period}, the first time after one period. */
  public static ScheduleRefresher start(Directory directory, Duration period) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "generated-sessions");
              thread.setDaemon(true);
              return thread;
            });
    long millis = period.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            directory.refreshGeneratedSessions();
          } catch (RuntimeException e) {
            // The next run tries again; a failure must not end the timer.
            log.error("Moving the generated sessions on failed", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    return new ScheduleRefresher(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
