package io.phalanx.connectors.alerting;

import java.time.Duration;

/** Waits between attempts; injectable so tests record the schedule instead of waiting. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
