package io.phalanx.jobs.replay;

import io.phalanx.core.diagnosis.DiagnosisRules;
import io.phalanx.core.stitch.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Typed options of the replay job, validated on construction.
 *
 * @param captures the capture files and the capture point each was recorded at
 * @param matchWindow longest time between a packet's first and last sighting across capture points,
 *     clock skew included; sightings further apart are different packets
 * @param idleTimeout a conversation with no packet for this long is finished
 * @param outOfOrderness how far a capture file's timestamps may run backwards
 * @param maxConversations how many conversation rows the report lists (all are analysed)
 * @param topology declared paths, or null to discover every path from the data
 * @param deadLetterFile where to write every dead letter as JSON lines, or null for none (the
 *     report always has their count and a sample)
 * @param diagnosisRules thresholds of the network diagnosis, or null for the defaults
 * @param incidents side files, pattern rules and narrator of the incidents, or null for none
 * @param slo SLO files, business-impact feed and prioritisation rules, or null for none
 */
public record ReplayOptions(
        List<CaptureInput> captures,
        Duration matchWindow,
        Duration idleTimeout,
        Duration outOfOrderness,
        int maxConversations,
        Topology topology,
        Path deadLetterFile,
        DiagnosisRules diagnosisRules,
        IncidentOptions incidents,
        io.phalanx.jobs.slo.SloOptions slo) {

    /** One capture file; {@code capturePoint} null means "name points after pcapng interfaces". */
    public record CaptureInput(String capturePoint, Path file, List<String> interfaceNames) {
        public CaptureInput {
            Objects.requireNonNull(file, "file");
            interfaceNames = interfaceNames == null ? List.of() : List.copyOf(interfaceNames);
        }

        public static CaptureInput at(String capturePoint, Path file) {
            return new CaptureInput(capturePoint, file, List.of());
        }
    }

    public ReplayOptions {
        if (captures == null || captures.isEmpty()) {
            throw new IllegalArgumentException("at least one capture file is needed");
        }
        captures = List.copyOf(captures);
        if (matchWindow.isNegative() || matchWindow.isZero()) {
            throw new IllegalArgumentException("match window must be positive");
        }
        if (idleTimeout.compareTo(matchWindow) < 0) {
            throw new IllegalArgumentException("idle timeout must be at least the match window");
        }
        if (maxConversations < 0) {
            throw new IllegalArgumentException("max conversations must be >= 0");
        }
        List<String> seen = new ArrayList<>();
        for (CaptureInput c : captures) {
            for (String cp :
                    c.capturePoint() != null ? List.of(c.capturePoint()) : c.interfaceNames()) {
                if (seen.contains(cp)) {
                    throw new IllegalArgumentException("capture point '" + cp + "' is given twice");
                }
                seen.add(cp);
            }
        }
        if (seen.size() > 64) {
            throw new IllegalArgumentException("at most 64 capture points are supported");
        }
        if (topology != null) {
            topology.validateAgainst(seen);
        }
        if (diagnosisRules == null) {
            diagnosisRules = DiagnosisRules.defaults();
        }
        if (incidents == null) {
            incidents = IncidentOptions.none();
        }
        if (slo == null) {
            slo = io.phalanx.jobs.slo.SloOptions.none();
        }
    }

    /** Without SLOs ({@link io.phalanx.jobs.slo.SloOptions#none()}). */
    public ReplayOptions(
            List<CaptureInput> captures,
            Duration matchWindow,
            Duration idleTimeout,
            Duration outOfOrderness,
            int maxConversations,
            Topology topology,
            Path deadLetterFile,
            DiagnosisRules diagnosisRules,
            IncidentOptions incidents) {
        this(
                captures,
                matchWindow,
                idleTimeout,
                outOfOrderness,
                maxConversations,
                topology,
                deadLetterFile,
                diagnosisRules,
                incidents,
                null);
    }

    /** The given captures with every other option at its {@link ReplayJobOptions} default. */
    public static ReplayOptions defaults(List<CaptureInput> captures) {
        return new ReplayOptions(
                captures,
                ReplayJobOptions.MATCH_WINDOW.defaultValue(),
                ReplayJobOptions.IDLE_TIMEOUT.defaultValue(),
                ReplayJobOptions.OUT_OF_ORDERNESS.defaultValue(),
                ReplayJobOptions.MAX_CONVERSATIONS.defaultValue(),
                null,
                null,
                null,
                null,
                io.phalanx.jobs.slo.SloOptions.none());
    }

    /** Every capture point, in the order given. */
    public List<String> capturePoints() {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (CaptureInput c : captures) {
            if (c.capturePoint() != null) {
                ids.add(c.capturePoint());
            } else {
                ids.addAll(c.interfaceNames());
            }
        }
        return new ArrayList<>(ids);
    }
}
