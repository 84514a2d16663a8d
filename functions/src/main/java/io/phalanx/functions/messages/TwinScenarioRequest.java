package io.phalanx.functions.messages;

import java.util.List;

/**
 * A what-if on the {@code twin} function (id: the service): replay the calibration minutes at
 * {@code loadMultiplier} with {@code removedLinks} out of use and {@code replicas} servers (null:
 * as observed), against a latency SLO ({@code sloThresholdSeconds} at {@code sloObjective}, both
 * null: no SLO). {@code
 * {"v":1,"service":"checkout","scenarioId":"launch-3x","loadMultiplier":3,"removedLinks":[],"replicas":null,"sloThresholdSeconds":0.25,"sloObjective":0.99}}
 */
public record TwinScenarioRequest(
        int v,
        String service,
        String scenarioId,
        double loadMultiplier,
        List<String> removedLinks,
        Integer replicas,
        Double sloThresholdSeconds,
        Double sloObjective) {
    public TwinScenarioRequest {
        removedLinks = removedLinks == null ? List.of() : List.copyOf(removedLinks);
    }
}
