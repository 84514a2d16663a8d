package io.phalanx.flink.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink 2.2 standalone session cluster on this machine: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}) as child
 * processes, started from the Maven artifacts with a {@code config.yaml} directory, the way {@code
 * start-cluster.sh} starts them from a distribution: the TaskManager gets the memory parameters
 * that {@code taskmanager.sh} computes ({@code BashJavaUtils GET_TM_RESOURCE_PARAMS}). Jobs are
 * submitted through the REST API as {@code flink run} does ({@code /jars/upload}, {@code
 * /jars/<id>/run}).
 *
 * <p>The classpath (flink-runtime, -runtime-web for jar submission, -streaming-java, -clients, the
 * RocksDB state backend, the Prometheus reporter, log4j) is what this module resolved at build
 * time. Processes log to {@code <workDir>/jobmanager.log} and {@code taskmanager.log}.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process jobManager;
    private final Process taskManager;
    private final int restPort;
    private final Path workDir;

    private LocalFlinkCluster(Process jm, Process tm, int restPort, Path workDir) {
        this.jobManager = jm;
        this.taskManager = tm;
        this.restPort = restPort;
        this.workDir = workDir;
    }

    /**
     * Starts a cluster with {@code baseConfig} (a config.yaml) plus {@code overrides} (flat keys,
     * written after it, so they win), and waits until the TaskManager's slots are registered.
     */
    public static LocalFlinkCluster start(
            Path baseConfig, Map<String, String> overrides, Path workDir)
            throws IOException, InterruptedException {
        Path conf = workDir.resolve("conf");
        Files.createDirectories(conf);
        int rest = freePort();
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("rest.port", Integer.toString(rest));
        settings.put("jobmanager.rpc.address", "127.0.0.1");
        settings.put("jobmanager.rpc.port", Integer.toString(freePort()));
        settings.putAll(overrides);
        // config.yaml is flat here (one "key: value" per line); an overridden key's line is
        // dropped, since YAML refuses duplicate keys.
        StringBuilder yaml = new StringBuilder();
        for (String line : Files.readAllLines(baseConfig)) {
            int colon = line.indexOf(':');
            boolean overridden =
                    colon > 0
                            && !line.startsWith("#")
                            && settings.containsKey(line.substring(0, colon).trim());
            if (!overridden) {
                yaml.append(line).append('\n');
            }
        }
        yaml.append("\n# LocalFlinkCluster\n");
        settings.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Path log4j = baseConfig.resolveSibling("log4j-console.properties");
        if (Files.exists(log4j)) {
            Files.copy(
                    log4j,
                    conf.resolve("log4j-console.properties"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String cp = classpath();
        List<String> jvmFlags = jvmFlags(Files.readString(conf.resolve("config.yaml")));

        List<String> jm = new ArrayList<>(List.of(java(), "-Xmx1g"));
        jm.addAll(jvmFlags);
        jm.addAll(
                List.of(
                        "-Dlog4j.configurationFile="
                                + conf.resolve("log4j-console.properties").toUri(),
                        "-cp",
                        cp,
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        "--configDir",
                        conf.toString()));
        Process jobManager =
                new ProcessBuilder(jm)
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("jobmanager.log").toFile())
                        .start();

        // What taskmanager.sh does: ask Flink for the TaskManager's JVM memory flags and the
        // dynamic properties that pin the memory model.
        Process params =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                cp,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                "GET_TM_RESOURCE_PARAMS",
                                "--configDir",
                                conf.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(params.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        params.waitFor(60, TimeUnit.SECONDS);
        List<String> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim());
            }
        }
        if (results.size() < 2) {
            jobManager.destroyForcibly();
            throw new IOException("BashJavaUtils GET_TM_RESOURCE_PARAMS failed:\n" + out);
        }
        List<String> tm = new ArrayList<>(List.of(java()));
        tm.addAll(List.of(results.get(0).split("\\s+")));
        tm.addAll(jvmFlags);
        tm.addAll(
                List.of(
                        "-Dlog4j.configurationFile="
                                + conf.resolve("log4j-console.properties").toUri(),
                        "-cp",
                        cp,
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        "--configDir",
                        conf.toString()));
        tm.addAll(List.of(results.get(1).split("\\s+")));
        Process taskManager =
                new ProcessBuilder(tm)
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("taskmanager.log").toFile())
                        .start();

        LocalFlinkCluster c = new LocalFlinkCluster(jobManager, taskManager, rest, workDir);
        try {
            c.awaitSlots(Duration.ofSeconds(120));
        } catch (IOException | RuntimeException | InterruptedException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** GET on the REST API; the body. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Uploads a jar ({@code POST /jars/upload}); returns the jar id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "phalanx" + System.nanoTime();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.concat(
                                                HttpRequest.BodyPublishers.ofByteArray(head),
                                                HttpRequest.BodyPublishers.ofFile(jar),
                                                HttpRequest.BodyPublishers.ofByteArray(tail)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"filename\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IOException("jar upload failed: " + r.statusCode() + " " + r.body());
        }
        String path = m.group(1);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar ({@code POST /jars/<id>/run}); returns the job id. */
    public String run(String jarId, String entryClass, List<String> args)
            throws IOException, InterruptedException {
        StringBuilder body =
                new StringBuilder("{\"entryClass\":\"")
                        .append(entryClass)
                        .append("\",\"programArgsList\":[");
        for (int i = 0; i < args.size(); i++) {
            body.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(args.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        body.append("]}");
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(120))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"jobid\"\\s*:\\s*\"([0-9a-f]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IOException("job submission failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** The job's state as the REST API reports it (RUNNING, FINISHED, FAILED, ...). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        Matcher m =
                Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"").matcher(get("/jobs/" + jobId));
        return m.find() ? m.group(1) : "UNKNOWN";
    }

    public Path workDir() {
        return workDir;
    }

    private void awaitSlots(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern slots = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive() || !taskManager.isAlive()) {
                throw new IOException(
                        "a cluster process exited; see "
                                + workDir
                                + "/jobmanager.log and taskmanager.log");
            }
            try {
                Matcher m = slots.matcher(get("/overview"));
                if (m.find() && Integer.parseInt(m.group(1)) > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(250);
        }
        throw new IOException(
                "no TaskManager slots after " + timeout.toSeconds() + " s; see " + workDir);
    }

    @Override
    public void close() {
        for (Process p : List.of(taskManager, jobManager)) {
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> jvmFlags(String yaml) {
        for (String line : yaml.split("\n")) {
            if (line.startsWith("env.java.opts.all:")) {
                return List.of(line.substring("env.java.opts.all:".length()).trim().split("\\s+"));
            }
        }
        return List.of();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String classpath() {
        try (InputStream in = LocalFlinkCluster.class.getResourceAsStream("flink-dist.classpath")) {
            if (in == null) {
                throw new IllegalStateException(
                        "flink-dist.classpath is missing: build the flink-conf module with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
