package io.phalanx.functions.messages;

import java.util.List;

/**
 * The {@code twin} function's answer to a {@link TwinScenarioRequest}, on {@code
 * phalanx.twin-predictions.v1} (Kafka key: the service) and kept in its state. Latencies in
 * seconds; a figure without a steady state (saturated in every minute) is null. {@code
 * saturationMultiplier} is the multiple of the historical peak minute's traffic at which the
 * service saturates (null: never); {@code replicasNeeded} is the server count that keeps the SLO at
 * the peak minute (the current count without an SLO); {@code recommendations} says it in words.
 */
public record TwinPrediction(
        int v,
        String service,
        String scenarioId,
        double loadMultiplier,
        int minutes,
        double meanArrivalRate,
        double meanUtilisation,
        double peakUtilisation,
        Double meanSeconds,
        Double p99AtPeakSeconds,
        int saturatedMinutes,
        Double saturationMultiplier,
        Double sloGoodFraction,
        Double sloBurnRate,
        int replicas,
        int replicasNeeded,
        List<String> recommendations) {
    public TwinPrediction {
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    }
}
