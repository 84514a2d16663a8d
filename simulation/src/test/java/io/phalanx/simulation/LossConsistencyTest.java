package io.phalanx.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drops are physical: a packet missing at one capture point is missing at every later one on its
 * path, and present at every earlier one; what the files lack is exactly what the generator
 * dropped; a retransmission is a new packet (new IP ID) over an already-sent sequence range.
 */
class LossConsistencyTest extends SimulationTestBase {

    @ParameterizedTest
    @EnumSource(
            value = Scenario.class,
            names = {"LOSS_2PCT_HOP1_HOP2", "CONGESTION_HOP2_HOP3"})
    void aPacketMissingAtOneHopIsMissingAtEveryLaterHop(Scenario scenario) throws IOException {
        Simulate.GeneratedSet set = generated(scenario);
        for (Direction dir : Direction.values()) {
            List<String> path = set.captureSet().topology().path(dir);
            Set<String> upstream = identities(set, path.get(0), dir);
            int missing = 0;
            for (int i = 1; i < path.size(); i++) {
                Set<String> here = identities(set, path.get(i), dir);
                assertThat(upstream)
                        .as(
                                "%s: everything at %s was seen at %s",
                                dir, path.get(i), path.get(i - 1))
                        .containsAll(here);
                missing += upstream.size() - here.size();
                upstream = here;
            }
            int dropped = 0;
            for (int i = 0; i + 1 < path.size(); i++) {
                dropped +=
                        set.captureSet()
                                .drops()
                                .getOrDefault(path.get(i) + "->" + path.get(i + 1), 0);
            }
            assertThat(missing)
                    .as("%s: packets lost between capture points", dir)
                    .isEqualTo(dropped);
        }
        assertThat(set.captureSet().drops().values().stream().mapToInt(Integer::intValue).sum())
                .as("the scenario drops something")
                .isPositive();
    }

    @ParameterizedTest
    @EnumSource(
            value = Scenario.class,
            names = {"LOSS_2PCT_HOP1_HOP2", "CONGESTION_HOP2_HOP3"})
    void retransmissionsCarryNewIpIdsAndAreCountedByTheSender(Scenario scenario)
            throws IOException {
        Simulate.GeneratedSet set = generated(scenario);
        CaptureSet.FlowSummary bulk = GroundTruth.bulkFlow(set.captureSet());
        // At hop1, upstream of every fault, each sent packet appears once: count sequence ranges
        // sent more than once by the bulk flow's two endpoints.
        Map<String, Set<Integer>> ipIdsPerRange = new HashMap<>();
        for (PcapRecord r : records(set, "hop1")) {
            boolean ofBulk =
                    r.proto() == 6
                            && (r.srcPort() == bulk.clientPort()
                                    || r.dstPort() == bulk.clientPort());
            boolean occupiesSequence = r.tcpPayloadLength() > 0 || (r.tcpFlags() & 0x03) != 0;
            if (ofBulk && occupiesSequence) {
                ipIdsPerRange
                        .computeIfAbsent(
                                r.src() + " " + r.tcpSeq() + "+" + r.tcpPayloadLength(),
                                k -> new HashSet<>())
                        .add(r.ipId());
            }
        }
        int resent = 0;
        for (Set<Integer> ids : ipIdsPerRange.values()) {
            resent += ids.size() - 1; // distinct IP IDs: every copy is a new packet
        }
        assertThat(bulk.retransmissions()).isPositive();
        assertThat(resent).as("retransmissions seen at hop1").isEqualTo(bulk.retransmissions());
    }

    private static Set<String> identities(Simulate.GeneratedSet set, String cp, Direction dir)
            throws IOException {
        Set<String> out = new HashSet<>();
        for (PcapRecord r : records(set, cp)) {
            if (r.clientToServer() == (dir == Direction.CLIENT_TO_SERVER)) {
                assertThat(out.add(r.identity()))
                        .as("%s seen once at %s", r.identity(), cp)
                        .isTrue();
            }
        }
        return out;
    }
}
