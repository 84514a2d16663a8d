package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The runtime's module.yaml and this module's {@link Types} name the same things: the function
 * namespace, the egress and, per ingress topic, the message type and target function. The two
 * modules never share a classpath, so the file is the contract.
 */
class ModuleContractTest {

    private static String module(String path) throws Exception {
        Path repo = Path.of(System.getProperty("phalanx.repo.root", ".."));
        return Files.readString(repo.resolve(path));
    }

    @Test
    void moduleYamlRoutesEachTopicToTheFunctionThatReadsItsType() throws Exception {
        for (String path :
                new String[] {
                    "statefun-runtime/src/main/resources/phalanx/statefun/module.yaml",
                    "statefun-runtime/deploy/module.yaml"
                }) {
            String yaml = module(path);
            assertThat(yaml)
                    .as(path)
                    .contains(
                            "functions: " + Types.NAMESPACE + "/*",
                            "id: " + Types.KAFKA_EGRESS.asTypeNameString(),
                            route(
                                    Types.INCIDENTS_TOPIC,
                                    Types.INCIDENT.typeName().asTypeNameString(),
                                    Types.ADVISOR.asTypeNameString()),
                            route(
                                    Types.VOTES_TOPIC,
                                    Types.VOTE.typeName().asTypeNameString(),
                                    Types.BALLOT.asTypeNameString()),
                            route(
                                    Types.APPROVED_PLANS_TOPIC,
                                    Types.EXECUTE.typeName().asTypeNameString(),
                                    Types.EXECUTOR.asTypeNameString()),
                            route(
                                    Types.CASE_QUERIES_TOPIC,
                                    Types.CASE_QUERY.typeName().asTypeNameString(),
                                    Types.CASE_HISTORY.asTypeNameString()),
                            route(
                                    Types.TWIN_REQUESTS_TOPIC,
                                    Types.TWIN_REQUEST.typeName().asTypeNameString(),
                                    Types.TWIN.asTypeNameString()));
        }
    }

    private static String route(String topic, String valueType, String target) {
        return "    - topic: "
                + topic
                + "\n      valueType: "
                + valueType
                + "\n      targets:\n        - "
                + target
                + "\n";
    }
}
