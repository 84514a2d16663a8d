package io.phalanx.battlemap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class KafkaVoteSinkTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesTheGovernanceVoteShape() throws Exception {
        ObjectNode page =
                (ObjectNode)
                        MAPPER.readTree(
                                "{\"v\":1,\"ts\":\"2026-11-26T21:03:00Z\",\"proposalId\":\"inc-42/failover-backup-path\","
                                        + "\"incidentId\":\"inc-42\",\"voter\":\"sub-alice\",\"voterName\":\"Alice\","
                                        + "\"roles\":[\"sre\"],\"choice\":\"approve\",\"comment\":\"checked by hand\"}");
        JsonNode vote = KafkaVoteSink.governanceVote(page, 7);
        assertThat(MAPPER.writeValueAsString(vote))
                .isEqualTo(
                        "{\"v\":1,\"proposalId\":\"inc-42/failover-backup-path\",\"voter\":\"sub-alice\","
                                + "\"choice\":\"APPROVE\",\"seq\":7,\"reason\":\"checked by hand\","
                                + "\"ts\":\"2026-11-26T21:03:00Z\"}");
    }

    @Test
    void aLaterVoteAlwaysCarriesAHigherSeq() {
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
        java.time.Instant t = java.time.Instant.parse("2026-11-26T21:03:00Z");
        long a = KafkaVoteSink.nextSeq(last, t);
        long b = KafkaVoteSink.nextSeq(last, t); // same millisecond
        long c = KafkaVoteSink.nextSeq(last, t.minusSeconds(5)); // clock stepped back
        assertThat(a).isEqualTo(t.toEpochMilli());
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
    }
}
