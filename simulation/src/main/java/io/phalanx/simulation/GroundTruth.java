package io.phalanx.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code ground-truth.json} beside a generated capture set: the configuration (topology,
 * faults, clock offsets), the scenario's {@link ExpectedOutcome} and what the generator measured
 * (per-segment packets, losses and median true latency, drops per stretch, per-flow packet and
 * retransmission counts). Field names are snake_case as in samples/captures; simulation/README.md
 * documents each.
 */
public final class GroundTruth {
    public static final String SCHEMA = "phalanx-simulated-ground-truth/1";
    public static final String FILE_NAME = "ground-truth.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GroundTruth() {}

    /** The ground truth of {@code set}, generated for {@code scenario} with {@code seed}. */
    public static ObjectNode of(
            Scenario scenario, long seed, double durationSeconds, CaptureSet set) {
        return build(
                scenario.id(),
                scenario.description(),
                scenario.expectedOutcome(),
                seed,
                durationSeconds,
                set);
    }

    /**
     * The ground truth of a showcase's capture set, plus a {@code showcase} object with its
     * cross-domain {@link ShowcaseOutcome} and the side files beside it.
     */
    public static ObjectNode ofShowcase(Showcase showcase, long seed, CaptureSet set) {
        ShowcaseOutcome o = showcase.expectedOutcome();
        ObjectNode root = build(showcase.id(), showcase.description(), o.network(), seed, 1.0, set);
        ObjectNode s = root.putObject("showcase");
        s.put("fault_onset", java.time.Instant.ofEpochMilli(o.faultOnsetMillis()).toString());
        ArrayNode incidents = s.putArray("incidents_by_priority");
        o.incidentsByPriority().forEach(incidents::add);
        s.put("culprit_service", o.culpritService());
        s.put("culprit_version", o.culpritVersion());
        s.put("change_lead_ms", o.changeLeadMillis());
        s.put("hot_host", o.hotHost());
        s.put("hot_host_min_cpu", o.hotHostMinCpu());
        s.put("timeout_service", o.timeoutService());
        s.put("launch_multiplier", o.launchMultiplier());
        ArrayNode files = s.putArray("side_files");
        for (String f :
                showcase == Showcase.LAUNCH_3X
                        ? java.util.List.of(
                                ShowcaseFeeds.METRICS,
                                ShowcaseFeeds.LOGS,
                                ShowcaseFeeds.DEPLOYS,
                                ShowcaseFeeds.IMPACT,
                                GeneratedShowcase.TOPOLOGY,
                                GeneratedShowcase.HISTORY_1X,
                                GeneratedShowcase.OBSERVED_3X,
                                GeneratedShowcase.SLO)
                        : java.util.List.of(
                                ShowcaseFeeds.METRICS,
                                ShowcaseFeeds.LOGS,
                                ShowcaseFeeds.DEPLOYS,
                                ShowcaseFeeds.IMPACT,
                                GeneratedShowcase.TOPOLOGY)) {
            files.add(f);
        }
        return root;
    }

    private static ObjectNode build(
            String id,
            String description,
            ExpectedOutcome expected,
            long seed,
            double durationSeconds,
            CaptureSet set) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("scenario", id);
        root.put("description", description);
        root.put("seed", seed);
        root.put("duration_s", durationSeconds);
        root.put("start_epoch_ns", set.startNanos());
        ChainTopology topology = set.topology();

        ObjectNode topo = root.putObject("topology");
        topo.put("client", ChainTopology.dotted(topology.clientAddress()));
        topo.put("server", ChainTopology.dotted(topology.serverAddress()));
        topo.put("return_bypasses_hop3", topology.returnBypassesHop3());
        ObjectNode paths = topo.putObject("paths");
        for (Direction d : Direction.values()) {
            ArrayNode a = paths.putArray(d.label());
            topology.path(d).forEach(a::add);
        }
        ArrayNode cps = root.putArray("capture_points");
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            ObjectNode c = cps.addObject();
            c.put("id", cp);
            c.put("pcap", cp + ".pcap");
            c.put("packets", set.recordsAt(cp).size());
            c.put("clock_offset_ms", set.conditions().clockOffsetMs(cp));
        }

        ArrayNode faults = root.putArray("faults");
        for (Map.Entry<String, SegmentImpairment> e : set.conditions().impairments().entrySet()) {
            SegmentImpairment imp = e.getValue();
            ObjectNode f = faults.addObject();
            f.put("segment", e.getKey());
            f.put("extra_delay_ms", imp.extraDelayMs());
            f.put("jitter_ms", imp.jitterMs());
            f.put("loss_ratio", imp.lossRatio());
            f.put("reorder_ratio", imp.reorderRatio());
            f.put("hold_back_ms", imp.holdBackMs());
            if (imp.congestion() != null) {
                f.put("queue_service_bps", imp.congestion().serviceBitsPerSecond());
                f.put("queue_capacity_bytes", imp.congestion().capacityBytes());
            }
        }

        ObjectNode exp = root.putObject("expected");
        ArrayNode segs = exp.putArray("segments");
        for (ExpectedOutcome.SegmentExpectation s : expected.segments()) {
            ObjectNode n = segs.addObject();
            n.put("direction", s.direction().label());
            n.put("from", s.from());
            n.put("to", s.to());
            n.put("extra_delay_ms", s.extraDelayMs());
            n.put("median_latency_ms", s.expectedMedianLatencyMs());
            n.put("delay_tolerance_ms", s.delayToleranceMs());
            n.put("loss_ratio", s.lossRatio());
            n.put("loss_tolerance", s.lossTolerance());
            n.put("reorder", s.reorder());
            n.put("congestion", s.congestion());
        }
        ObjectNode expPaths = exp.putObject("paths");
        for (Direction d : Direction.values()) {
            ArrayNode a = expPaths.putArray(d.label());
            expected.paths().get(d).forEach(a::add);
        }
        exp.put("asymmetric", expected.asymmetric());
        ObjectNode offsets = exp.putObject("clock_offsets_ms");
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            offsets.put(cp, expected.clockOffsetsMs().get(cp));
        }
        exp.put("clock_offset_tolerance_ms", expected.clockOffsetToleranceMs());
        exp.put("bulk_retransmits", expected.bulkRetransmits());

        ObjectNode measured = root.putObject("measured");
        measured.put("packets_sent", set.packetsSent());
        ArrayNode msegs = measured.putArray("segments");
        for (ExpectedOutcome.SegmentExpectation s : expected.segments()) {
            CaptureSet.SegmentTruth t = set.measure(s.direction(), s.from(), s.to());
            ObjectNode n = msegs.addObject();
            n.put("direction", s.direction().label());
            n.put("from", s.from());
            n.put("to", s.to());
            n.put("packets", t.packets());
            n.put("lost", t.lost());
            n.put("loss_ratio", t.lossRatio());
            n.put("median_latency_ms", t.medianLatencyMs());
        }
        ObjectNode drops = measured.putObject("drops");
        set.drops().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> drops.put(e.getKey(), e.getValue()));
        ArrayNode flows = root.putArray("flows");
        for (CaptureSet.FlowSummary f : set.flows()) {
            ObjectNode n = flows.addObject();
            n.put("flow", f.flow());
            n.put("workload", f.workload());
            n.put("proto", f.proto());
            n.put("client_port", f.clientPort());
            n.put("server_port", f.serverPort());
            n.put("client_to_server_packets", f.clientToServerPackets());
            n.put("server_to_client_packets", f.serverToClientPackets());
            n.put("retransmissions", f.retransmissions());
        }
        CaptureSet.FlowSummary bulk = bulkFlow(set);
        ObjectNode b = root.putObject("bulk");
        b.put("client_port", bulk.clientPort());
        b.put("server_port", bulk.serverPort());
        b.put("retransmissions", bulk.retransmissions());
        return root;
    }

    /** The bulk TCP transfer of a capture set (every scenario has exactly one). */
    public static CaptureSet.FlowSummary bulkFlow(CaptureSet set) {
        return set.flows().stream()
                .filter(f -> f.workload().equals("bulk-tcp"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no bulk transfer in the set"));
    }

    public static Path write(ObjectNode truth, Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        JSON.writeValue(file.toFile(), truth);
        return file;
    }
}
