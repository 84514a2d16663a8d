package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.simulation.ExpectedOutcome;
import io.phalanx.simulation.Showcase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code phalanx demo} in-process on free ports: the battlemap (live, DEMO mode) shows the
 * showcase's incident with the expected top cause and segment, and stopping the demo leaves no
 * child process behind (broker, functions server, StateFun runtime).
 */
class DemoCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void demoShowsTheShowcaseIncidentAndStopsEverything() throws Exception {
        Showcase showcase = Showcase.DEPLOY_CONGESTION;
        ExpectedOutcome.SegmentExpectation congested =
                showcase.expectedOutcome().network().segments().stream()
                        .filter(ExpectedOutcome.SegmentExpectation::congestion)
                        .findFirst()
                        .orElseThrow();
        Set<Long> before = descendants();

        DemoCommand demo = new DemoCommand();
        CommandLine cl = new CommandLine(demo);
        long start = System.nanoTime();
        CompletableFuture<Integer> run =
                CompletableFuture.supplyAsync(
                        () ->
                                cl.execute(
                                        "--showcase", showcase.id(),
                                        "--port", "0",
                                        "--ingest-port", "0"));
        try {
            assertThat(demo.awaitReady(Duration.ofSeconds(120))).as("URL printed").isTrue();
            double urlSeconds = (System.nanoTime() - start) / 1e9;
            URI base = demo.battlemapUri();
            HttpClient http = HttpClient.newHttpClient();

            JsonNode snapshot = null;
            JsonNode top = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline && top == null) {
                snapshot =
                        JSON.readTree(
                                http.send(
                                                HttpRequest.newBuilder(
                                                                base.resolve("/api/snapshot"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .body());
                // The correlator's incident names the injected congestion; the network view's own
                // end-of-capture diagnosis of the same segment may also be listed (as loss: the
                // congestion's tail drops), and may arrive first.
                for (JsonNode i : snapshot.path("incidents")) {
                    JsonNode h = i.path("diagnosis").path("hypotheses").path(0);
                    if (congested.label().equals(segment(h))
                            && "CONGESTION".equals(h.path("cause").asText())) {
                        top = h;
                    }
                }
                if (top == null) {
                    Thread.sleep(500);
                }
            }
            double incidentSeconds = (System.nanoTime() - start) / 1e9;
            System.err.printf(
                    "demo: URL after %.1f s, incident visible after %.1f s%n",
                    urlSeconds, incidentSeconds);
            assertThat(snapshot.path("mode").asText()).isEqualTo("demo");
            assertThat(top).as("incident on %s in %s", congested.label(), snapshot).isNotNull();
            assertThat(top.path("cause").asText()).isEqualTo("CONGESTION");
            assertThat(segment(top)).isEqualTo(congested.label());
            // What a user sees: the page in headless Debian chromium (Playwright, the battlemap
            // module's devDependency) shows the DEMO banner, the incident pin and its narrative.
            JsonNode page = browse(base);
            assertThat(page.path("demoBannerVisible").asBoolean()).as("DEMO banner").isTrue();
            assertThat(page.path("pins").asInt()).as("incident pins").isPositive();
            assertThat(page.path("capturePoints").asInt()).isEqualTo(4);
            assertThat(page.path("narrative").asText()).contains("hop2").contains("hop3");
            assertThat(page.path("errors")).as("page errors").isEmpty();
            assertThat(demo.awaitRemediationReady(Duration.ofSeconds(180)))
                    .as("functions server and StateFun runtime up")
                    .isTrue();
            System.err.printf(
                    "demo: remediation running after %.1f s%n", (System.nanoTime() - start) / 1e9);
            assertThat(descendants())
                    .as("broker, functions server and StateFun runtime JVMs")
                    .hasSizeGreaterThanOrEqualTo(3);
        } finally {
            demo.stop();
            assertThat(demo.awaitFinished(Duration.ofSeconds(120))).as("stopped").isTrue();
            assertThat(run.get()).isZero();
        }
        Set<Long> left = descendants();
        left.removeAll(before);
        assertThat(left).as("children left running").isEmpty();
    }

    private static String segment(JsonNode h) {
        JsonNode s = h.path("segment");
        return s.isMissingNode() || s.isNull()
                ? null
                : s.path("from").asText() + "->" + s.path("to").asText();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** Runs battlemap/src/test/js/demo-page-check.mjs against the page; its JSON findings. */
    private static JsonNode browse(URI base) throws Exception {
        java.nio.file.Path battlemap =
                java.nio.file.Path.of(System.getProperty("phalanx.repo.root", ".."))
                        .toAbsolutePath()
                        .normalize()
                        .resolve("battlemap");
        java.nio.file.Path out = java.nio.file.Files.createTempFile("demo-page", ".json");
        java.nio.file.Path err = java.nio.file.Files.createTempFile("demo-page", ".err");
        ProcessBuilder pb =
                new ProcessBuilder("node", "src/test/js/demo-page-check.mjs")
                        .directory(battlemap.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        pb.environment().put("BASE_URL", base.toString());
        Process p = pb.start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES))
                .as("browser check finished")
                .isTrue();
        assertThat(p.exitValue())
                .as("browser check: %s", java.nio.file.Files.readString(err))
                .isZero();
        String[] lines = java.nio.file.Files.readString(out).trim().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
