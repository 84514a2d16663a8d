package io.phalanx.functions.actions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command with a timeout, output and error merged; the process is killed on timeout. */
final class ProcessRunner {
    private ProcessRunner() {}

    static RemediationAction.Result run(
            List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new RemediationAction.Result(
                    ActionOutcome.Status.FAILED,
                    -1,
                    "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader =
                new Thread(
                        () -> {
                            try (InputStream in = p.getInputStream()) {
                                in.transferTo(out);
                            } catch (IOException ignored) {
                                // The process was killed; what was read so far is kept.
                            }
                        },
                        "action-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(1000);
        String output;
        synchronized (out) {
            output = ActionOutcome.tail(out.toString(StandardCharsets.UTF_8));
        }
        if (!finished) {
            return new RemediationAction.Result(
                    ActionOutcome.Status.TIMED_OUT,
                    -1,
                    output + "\n[killed after " + timeout + "]");
        }
        int code = p.exitValue();
        return new RemediationAction.Result(
                code == 0 ? ActionOutcome.Status.SUCCEEDED : ActionOutcome.Status.FAILED,
                code,
                output);
    }
}
