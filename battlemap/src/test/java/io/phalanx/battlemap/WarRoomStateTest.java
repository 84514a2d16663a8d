package io.phalanx.battlemap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarRoomStateTest extends BattlemapTestBase {
    @Test
    void theNetworkViewBringsItsIncidentsAndOnlyHigherVersionsReplaceThem() throws Exception {
        WarRoomState s = new WarRoomState("replay", MAPPER);
        List<ObjectNode> seen = new ArrayList<>();
        s.subscribe(seen::add);
        s.applyNetworkView(MAPPER.readTree(report(LOSS_SET).toFile()));

        assertThat(seen.get(0).path("type").asText()).isEqualTo("snapshot");
        assertThat(seen.stream().map(d -> d.path("type").asText()))
                .containsExactly("snapshot", "network", "incident");
        assertThat(s.snapshot().path("network").has("incidents")).isFalse();
        assertThat(s.incidents()).hasSize(1);

        ObjectNode v0 = s.incidents().get(0);
        int held = v0.path("version").asInt();
        ObjectNode v3 = v0.deepCopy().put("version", held + 2).put("narrative", "v3");
        ObjectNode v2 = v0.deepCopy().put("version", held + 1).put("narrative", "v2");
        assertThat(s.applyIncident(MAPPER.createObjectNode().set("incident", v3))).isTrue();
        assertThat(s.applyIncident(v2)).isFalse();
        assertThat(s.incidents().get(0).path("narrative").asText()).isEqualTo("v3");
        // Sequence numbers are gap-free, so a client can tell it missed a delta.
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).path("seq").asLong()).isEqualTo(i);
        }
    }

    @Test
    void aVoterHasOneVotePerProposal() throws Exception {
        WarRoomState s = new WarRoomState("replay", MAPPER);
        s.applyProposal(json(proposal("RP-1", "INC-1")));
        s.recordVote(
                (ObjectNode)
                        json(
                                "{\"proposalId\":\"RP-1\",\"voter\":\"alice\",\"choice\":\"approve\"}"));
        s.recordVote(
                (ObjectNode)
                        json(
                                "{\"proposalId\":\"RP-1\",\"voter\":\"alice\",\"choice\":\"reject\"}"));
        s.recordVote(
                (ObjectNode)
                        json(
                                "{\"proposalId\":\"RP-1\",\"voter\":\"carol\",\"choice\":\"approve\"}"));
        assertThat(s.proposal("RP-1").orElseThrow().path("votes"))
                .extracting(v -> v.path("voter").asText() + ":" + v.path("choice").asText())
                .containsExactly("alice:reject", "carol:approve");
    }
}
