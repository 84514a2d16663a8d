package io.phalanx.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker/ cannot be run here (no Docker on these machines), so it is checked statically: the
 * compose file parses, every image is pinned by tag, every build context, Dockerfile, stage, copied
 * and mounted path exists, every command the phalanx image runs is a real CLI command with real
 * options, published ports are unique, Prometheus scrapes services and ports that exist, the
 * StateFun module reaches the functions service where it listens, and the Grafana dashboard only
 * queries metrics the jobs register.
 */
class DockerFilesTest {
    static final Path ROOT =
            Path.of(System.getProperty("phalanx.repo.root", "..")).toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("docker");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonNode compose() throws Exception {
        return YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
    }

    @Test
    void imagesArePinnedAndBuildFilesExist() throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> it = compose().get("services").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            if (s.has("image")) {
                assertPinned(e.getKey(), s.get("image").asText());
                continue;
            }
            JsonNode build = s.get("build");
            assertThat(build).as("%s has an image or a build", e.getKey()).isNotNull();
            Path context = DOCKER.resolve(build.get("context").asText()).normalize();
            assertThat(context).as("build context of %s", e.getKey()).isDirectory();
            Path dockerfile =
                    context.resolve(
                            build.has("dockerfile")
                                    ? build.get("dockerfile").asText()
                                    : "Dockerfile");
            assertThat(dockerfile).as("Dockerfile of %s", e.getKey()).isRegularFile();
            checkDockerfile(
                    dockerfile, context, build.has("target") ? build.get("target").asText() : null);
        }
    }

    private static void checkDockerfile(Path dockerfile, Path context, String target)
            throws Exception {
        List<String> stages = new ArrayList<>();
        Pattern from =
                Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
        Pattern copy = Pattern.compile("^COPY\\s+(--from=(\\S+)\\s+)?(\\S+)\\s+(\\S+)$");
        for (String raw : Files.readAllLines(dockerfile)) {
            String line = raw.trim();
            Matcher f = from.matcher(line);
            if (f.find()) {
                if (!stages.contains(f.group(1))) {
                    assertPinned(dockerfile.toString(), f.group(1));
                }
                if (f.group(2) != null) {
                    stages.add(f.group(2));
                }
                continue;
            }
            Matcher c = copy.matcher(line);
            if (c.find()) {
                String src = c.group(3);
                if (c.group(2) == null) {
                    assertThat(context.resolve(src)).as("%s: COPY %s", dockerfile, src).exists();
                } else if (src.startsWith("/src/")) {
                    // copied from the Maven build stage: a module output the build produces
                    String rel = src.substring("/src/".length());
                    String module = rel.substring(0, rel.indexOf('/'));
                    assertThat(ROOT.resolve(module).resolve("pom.xml"))
                            .as("%s: module of %s", dockerfile, src)
                            .exists();
                    if (rel.endsWith(".jar")) {
                        String jar = rel.substring(rel.lastIndexOf('/') + 1);
                        assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
                                .as("%s: %s is built by %s/pom.xml", dockerfile, jar, module)
                                .contains(jar);
                    }
                }
            }
        }
        if (target != null) {
            assertThat(stages).as("stages of %s", dockerfile).contains(target);
        }
    }

    private static void assertPinned(String where, String image) {
        assertThat(image).as("%s: image %s pinned by tag", where, image).matches("[^:@]+[:@][^:]+");
        assertThat(image).as("%s: no floating tag", where).doesNotEndWith(":latest");
    }

    @Test
    void mountedFilesExistAndPublishedPortsAreUnique() throws Exception {
        Set<String> hostPorts = new HashSet<>();
        for (JsonNode s : compose().get("services")) {
            for (JsonNode v : s.path("volumes")) {
                String src = v.asText().split(":")[0];
                if (src.startsWith(".")) {
                    assertThat(DOCKER.resolve(src)).as("mounted %s", src).exists();
                }
            }
            for (JsonNode p : s.path("ports")) {
                assertThat(hostPorts.add(p.asText().split(":")[0]))
                        .as("host port %s used once", p.asText())
                        .isTrue();
            }
        }
        for (JsonNode secret : compose().path("secrets")) {
            assertThat(DOCKER.resolve(secret.get("file").asText())).exists();
        }
    }

    @Test
    void thePhalanxImageOnlyRunsRealCommandsWithRealOptions() throws Exception {
        CommandLine cli = PhalanxCli.commandLine();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose().get("services").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode build = e.getValue().get("build");
            if (build == null || !"phalanx".equals(build.path("target").asText())) {
                continue;
            }
            List<String> words = List.of(e.getValue().get("command").asText().trim().split("\\s+"));
            if (words.get(0).equals("functions")) {
                String server =
                        Files.readString(
                                ROOT.resolve(
                                        "functions/src/main/java/io/phalanx/functions/FunctionsServer.java"));
                for (String w : words) {
                    if (w.startsWith("--")) {
                        assertThat(server).as("FunctionsServer option %s", w).contains(w);
                    }
                }
                continue;
            }
            CommandLine sub = cli.getSubcommands().get(words.get(0));
            assertThat(sub).as("%s runs `phalanx %s`", e.getKey(), words.get(0)).isNotNull();
            for (String w : words) {
                if (w.startsWith("--")) {
                    assertThat(sub.getCommandSpec().findOption(w))
                            .as("phalanx %s %s", words.get(0), w)
                            .isNotNull();
                }
            }
        }
    }

    @Test
    void prometheusStatefunAndGrafanaPointAtWhatExists() throws Exception {
        JsonNode services = compose().get("services");
        JsonNode prom = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        String flinkConf = Files.readString(ROOT.resolve("flink-conf/config.yaml"));
        Matcher range =
                Pattern.compile("metrics.reporter.prom.port: (\\d+)-(\\d+)").matcher(flinkConf);
        assertThat(range.find()).isTrue();
        for (JsonNode job : prom.get("scrape_configs")) {
            for (JsonNode target : job.get("static_configs").get(0).get("targets")) {
                String[] hp = target.asText().split(":");
                assertThat(services.has(hp[0])).as("scrape target %s is a service", hp[0]).isTrue();
                int port = Integer.parseInt(hp[1]);
                if (job.get("job_name").asText().equals("flink")) {
                    assertThat(port)
                            .isBetween(
                                    Integer.parseInt(range.group(1)),
                                    Integer.parseInt(range.group(2)));
                } else {
                    assertThat(services.get(hp[0]).get("command").asText())
                            .contains("--port " + port);
                }
            }
        }
        String module = Files.readString(ROOT.resolve("statefun-runtime/deploy/module.yaml"));
        Matcher url = Pattern.compile("urlPathTemplate: http://([^:/]+):(\\d+)/").matcher(module);
        assertThat(url.find()).isTrue();
        JsonNode functions = services.get("functions");
        assertThat(functions.get("hostname").asText()).isEqualTo(url.group(1));
        assertThat(functions.get("command").asText()).contains("--port " + url.group(2));

        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(
                                DOCKER.resolve("grafana/dashboards/phalanx-platform.json")
                                        .toFile());
        String sources =
                Files.readString(
                                ROOT.resolve(
                                        "jobs/src/main/java/io/phalanx/jobs/replay/functions/SplitDeadLetters.java"))
                        + Files.readString(
                                ROOT.resolve(
                                        "jobs/src/main/java/io/phalanx/jobs/replay/functions/NetworkAnalyzer.java"));
        Pattern ours =
                Pattern.compile(
                        "flink_taskmanager_job_task_operator_(capture_point|segment)_(\\w+)");
        int checked = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode t : panel.get("targets")) {
                Matcher m = ours.matcher(t.get("expr").asText());
                while (m.find()) {
                    assertThat(sources)
                            .as("metric %s is registered", m.group())
                            .contains("\"" + m.group(1) + "\"")
                            .contains("\"" + m.group(2) + "\"");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }
}
