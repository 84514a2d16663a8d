package io.phalanx.core.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.report.ReplayReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OntologyFactsTest {
    private static final long T = 1_772_366_400_000L;

    static ReplayReport.Conversation conversation() {
        ReplayReport.Conversation c = new ReplayReport.Conversation();
        c.uid = "CoEUL5Z5Rwj5bPsFh9";
        c.communityId = "1:abc=";
        c.proto = "tcp";
        c.connState = "SF";
        c.packets = 140;
        c.orig = new ReplayReport.Endpoint("10.77.1.2", 46482);
        c.resp = new ReplayReport.Endpoint("10.77.3.2", 8080);
        for (String cp : List.of("hop1", "hop2", "hop3", "hop4")) {
            ReplayReport.Hop h = new ReplayReport.Hop();
            h.capturePoint = cp;
            c.hops.add(h);
        }
        return c;
    }

    static final String DECLARATION =
            "{\"services\":[{\"name\":\"checkout\",\"tier\":\"revenue\",\"endpoints\":[\"10.77.3.2:8080\"],\"hosts\":[\"checkout-1\"]}],"
                    + "\"hosts\":[{\"name\":\"checkout-1\",\"addresses\":[\"10.77.3.2\"]}]}";

    @Test
    void aConversationLinksTheDeclaredServiceItsHostsAndWhereItWasSeen() throws Exception {
        OntologyDeclaration d = OntologyDeclaration.parse(DECLARATION);
        OntologyGraph g = new OntologyGraph();
        OntologyFacts.declaration(d, T).forEach(g::apply);
        OntologyFacts.conversation(conversation(), d.serviceByEndpoint(), d.hostByAddress(), T)
                .forEach(g::apply);

        assertThat(g.entity("service:checkout").orElseThrow().attributes())
                .containsEntry("tier", "revenue");
        assertThat(g.neighbours("service:checkout"))
                .extracting(Entity::id)
                .containsExactlyInAnyOrder("host:checkout-1", "endpoint:10.77.3.2:8080");
        assertThat(g.neighbours("conversation:CoEUL5Z5Rwj5bPsFh9"))
                .extracting(Entity::id)
                .containsExactlyInAnyOrder(
                        "host:10.77.1.2",
                        "endpoint:10.77.3.2:8080",
                        "capture-point:hop1",
                        "capture-point:hop2",
                        "capture-point:hop3",
                        "capture-point:hop4");
        assertThat(g.entitiesOfType(EntityType.SERVICE))
                .extracting(Entity::name)
                .containsExactly("checkout");
        // the client has no declaration: its host is named after its address, and its ephemeral
        // port is not an entity
        assertThat(g.entity("host:10.77.1.2")).isPresent();
        assertThat(g.entity("endpoint:10.77.1.2:46482")).isEmpty();
    }

    @Test
    void anUndeclaredResponderIsADiscoveredServiceAndRepeatedFactsChangeNothing() {
        OntologyGraph g = new OntologyGraph();
        List<OntologyChange> facts =
                OntologyFacts.conversation(conversation(), Map.of(), Map.of(), T);
        long changed = facts.stream().filter(g::apply).count();
        assertThat(changed).isPositive();
        assertThat(g.entity("service:10.77.3.2:8080").orElseThrow().attributes())
                .containsEntry("discovered", "true");
        assertThat(facts.stream().filter(g::apply).count()).as("the same facts again").isZero();
    }

    @Test
    void deploysMetricsAndNetworkViewsJoinTheGraph() {
        OntologyGraph g = new OntologyGraph();
        OntologyFacts.deploy(new DeployEvent(T, "checkout", "v42", "v41", "ci")).forEach(g::apply);
        OntologyFacts.metric(
                        new MetricSample(
                                T,
                                "cpu_utilization",
                                0.95,
                                Map.of("service", "checkout", "host", "checkout-1")))
                .forEach(g::apply);
        ReplayReport view = new ReplayReport();
        ReplayReport.Path p = new ReplayReport.Path();
        p.direction = "10.77.1.2 -> 10.77.3.2";
        p.capturePoints.addAll(List.of("hop1", "hop2", "hop3"));
        view.paths.add(p);
        OntologyFacts.network(view, T).forEach(g::apply);
        OntologyFacts.incident(
                        "inc-1", "Added latency on hop2 -> hop3", List.of("segment:hop2->hop3"), T)
                .forEach(g::apply);

        assertThat(g.neighbours("service:checkout"))
                .extracting(Entity::id)
                .containsExactlyInAnyOrder(
                        "deploy:checkout@v42",
                        "metric-series:cpu_utilization{host=\"checkout-1\",service=\"checkout\"}");
        assertThat(g.neighbours("segment:hop2->hop3"))
                .extracting(Entity::id)
                .containsExactlyInAnyOrder(
                        "capture-point:hop2",
                        "capture-point:hop3",
                        "path:10.77.1.2 -> 10.77.3.2",
                        "incident:inc-1");
    }

    @Test
    void changesRoundTripThroughJson() throws Exception {
        for (OntologyChange c : OntologyFacts.conversation(conversation(), Map.of(), Map.of(), T)) {
            assertThat(OntologyJson.parse(OntologyJson.toJson(c))).isEqualTo(c);
        }
    }

    @Test
    void badDeclarationsSayWhatIsWrong() {
        assertThatThrownBy(() -> OntologyDeclaration.parse("{\"services\":[{\"tier\":\"x\"}]}"))
                .hasMessage("services[0]: 'name' is required");
        assertThatThrownBy(
                        () ->
                                OntologyDeclaration.parse(
                                        "{\"hosts\":[{\"name\":\"a\",\"addresses\":\"10.0.0.1\"}]}"))
                .hasMessage("hosts[0]: 'addresses' must be an array of strings");
        assertThatThrownBy(() -> OntologyDeclaration.parse("[]"))
                .hasMessage("a topology declaration is a JSON object");
    }
}
