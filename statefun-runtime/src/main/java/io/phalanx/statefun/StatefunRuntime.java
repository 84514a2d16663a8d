package io.phalanx.statefun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.statefun.flink.harness.Harness;

/**
 * Runs the StateFun 3.3 runtime (Flink 1.16.2, local) for the remediation governance functions:
 * renders {@code phalanx/statefun/module.yaml} with the functions' URL and the Kafka bootstrap
 * servers, and starts it on {@code statefun-flink-harness} with checkpoints (the exactly-once Kafka
 * egress commits on each), a finite restart strategy and everything bound to 127.0.0.1.
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
 *     --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED -cp ... \
 *     io.phalanx.statefun.StatefunRuntime --functions-url http://127.0.0.1:8000/statefun \
 *     --bootstrap 127.0.0.1:9092 [--checkpoint-interval 2s] [--work-dir /tmp/phalanx-statefun]
 * </pre>
 *
 * {@link Harness#start()} blocks for the life of the job; {@link #jobClient()} gives the job's
 * client (through a {@link JobListener}) to cancel it.
 */
public final class StatefunRuntime {
    private static volatile JobClient jobClient;

    private StatefunRuntime() {}

    /** Captures the client of the job the harness submits. */
    public static final class JobClientCapture implements JobListener {
        @Override
        public void onJobSubmitted(JobClient client, Throwable failure) {
            if (client != null) {
                jobClient = client;
                // The line `phalanx remediation` waits for (it runs this main as a child JVM).
                System.out.println("StateFun job " + client.getJobID() + " submitted");
                System.out.flush();
            }
        }

        @Override
        public void onJobExecuted(JobExecutionResult result, Throwable failure) {}
    }

    /** The running job's client, null before submission. */
    public static JobClient jobClient() {
        return jobClient;
    }

    /** module.yaml with the placeholders filled in, written to {@code dir}. */
    public static Path renderModule(String functionsUrl, String bootstrap, Path dir)
            throws IOException {
        String template;
        try (InputStream in =
                StatefunRuntime.class.getResourceAsStream("/phalanx/statefun/module.yaml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(dir);
        Path module = dir.resolve("module.yaml");
        Files.writeString(
                module,
                template.replace("${FUNCTIONS_URL}", functionsUrl)
                        .replace("${KAFKA_BOOTSTRAP}", bootstrap));
        return module;
    }

    /** A harness for the rendered module; {@code start()} it to run. */
    public static Harness harness(Path module, String checkpointInterval, Path workDir) {
        return new Harness()
                .withParallelism(1)
                .withFlinkJobName("phalanx-governance")
                .withConfiguration("statefun.remote.module-name", module.toUri().toString())
                .withConfiguration("execution.checkpointing.interval", checkpointInterval)
                .withConfiguration("execution.checkpointing.mode", "EXACTLY_ONCE")
                .withConfiguration(
                        "state.checkpoints.dir", workDir.resolve("checkpoints").toUri().toString())
                .withConfiguration("restart-strategy", "fixed-delay")
                .withConfiguration("restart-strategy.fixed-delay.attempts", "3")
                .withConfiguration("restart-strategy.fixed-delay.delay", "2s")
                .withConfiguration("execution.job-listeners", JobClientCapture.class.getName())
                .withConfiguration("rest.bind-address", "127.0.0.1")
                .withConfiguration("rest.address", "127.0.0.1")
                .withConfiguration("jobmanager.bind-host", "127.0.0.1")
                .withConfiguration("taskmanager.bind-host", "127.0.0.1")
                .withConfiguration("taskmanager.host", "127.0.0.1");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("functions-url", "http://127.0.0.1:8000/statefun");
        o.put("bootstrap", "127.0.0.1:9092");
        o.put("checkpoint-interval", "2s");
        o.put(
                "work-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "phalanx-statefun").toString());
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")
                    || i + 1 >= args.length
                    || !o.containsKey(args[i].substring(2))) {
                System.err.println(
                        "phalanx-statefun-runtime: unknown or incomplete option '"
                                + args[i]
                                + "'; options: "
                                + o.keySet());
                System.exit(2);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        Path workDir = Path.of(o.get("work-dir"));
        Path module = renderModule(o.get("functions-url"), o.get("bootstrap"), workDir);
        System.err.println(
                "StateFun runtime: module "
                        + module
                        + ", functions "
                        + o.get("functions-url")
                        + ", Kafka "
                        + o.get("bootstrap"));
        harness(module, o.get("checkpoint-interval"), workDir).start();
    }
}
