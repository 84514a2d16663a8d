package io.phalanx.jobs.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lifecycle of a long-running command that starts child processes (demo, remediation), so
 * that tests can drive it in-process as Ctrl-C would: {@code ready} when it prints where things
 * listen, {@code stop} to ask it to stop everything, {@code finished} when all it started is gone.
 */
final class CommandLifecycle {
    final CountDownLatch ready = new CountDownLatch(1);
    final CountDownLatch stopRequested = new CountDownLatch(1);
    final CountDownLatch finished = new CountDownLatch(1);
    final AtomicBoolean stopping = new AtomicBoolean();

    void stop() {
        stopping.set(true);
        stopRequested.countDown();
    }

    /** Waits until ready; false on timeout or when the command ended before being ready. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (finished.getCount() == 0) {
                return false;
            }
        }
        return false;
    }

    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
