package io.phalanx.functions.messages;

import java.util.List;

/**
 * Predicted vs observed for one stored scenario ({@code core: PredictedVsObserved}), on {@code
 * phalanx.twin-predictions.v1}. {@code found} is false when the scenario id is not (or no longer)
 * in the function's state; then {@code rows} is empty. {@code relativeError} is (predicted −
 * observed) / observed, null when either side is missing.
 */
public record TwinComparison(
        int v,
        String service,
        String scenarioId,
        String requestId,
        boolean found,
        List<Row> rows,
        String report) {
    public TwinComparison {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** One compared figure. */
    public record Row(
            String kind,
            String name,
            String figure,
            Double predicted,
            Double observed,
            Double relativeError) {}
}
