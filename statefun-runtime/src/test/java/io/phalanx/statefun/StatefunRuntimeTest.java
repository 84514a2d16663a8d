package io.phalanx.statefun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatefunRuntimeTest {
    @TempDir Path dir;

    @Test
    void theRenderedModuleNamesTheEndpointTheTopicsAndAnExactlyOnceEgress() throws Exception {
        Path module =
                StatefunRuntime.renderModule(
                        "http://127.0.0.1:8123/statefun", "127.0.0.1:19092", dir);
        String yaml = Files.readString(module);
        assertThat(yaml)
                .doesNotContain("${")
                .contains(
                        "urlPathTemplate: http://127.0.0.1:8123/statefun",
                        "address: 127.0.0.1:19092",
                        "type: exactly-once",
                        "transactionTimeout: 10min",
                        "- isolation.level: read_committed",
                        "topic: phalanx.incidents.v1",
                        "topic: phalanx.votes.v1",
                        "topic: phalanx.approved-plans.v1",
                        "topic: phalanx.case-queries.v1");
        assertThat(yaml.split("\n---\n")).hasSize(3);
    }

    @Test
    void theProductionModuleDiffersFromTheTemplateOnlyInAddressesAndComments() throws Exception {
        Path deploy = Path.of("deploy/module.yaml");
        String rendered =
                Files.readString(
                        StatefunRuntime.renderModule(
                                "http://phalanx-functions:8000/statefun", "kafka:9092", dir));
        assertThat(withoutComments(Files.readString(deploy))).isEqualTo(withoutComments(rendered));
        assertThat(Files.readString(Path.of("deploy/Dockerfile")))
                .contains(
                        "FROM apache/flink-statefun:3.3.0",
                        "/opt/statefun/modules/phalanx/module.yaml");
    }

    private static List<String> withoutComments(String yaml) {
        return yaml.lines().filter(l -> !l.trim().startsWith("#")).toList();
    }
}
