package io.phalanx.functions.messages;

import java.util.List;

/**
 * Compare a stored scenario result of the {@code twin} function with what actually happened: {@code
 * observed} are the minutes seen later (the same {@link TwinSample} shape). The answer is a {@link
 * TwinComparison}. {@code
 * {"v":1,"service":"checkout","scenarioId":"launch-3x","requestId":"c-1","observed":[...]}}
 */
public record TwinCompareRequest(
        int v, String service, String scenarioId, String requestId, List<TwinSample> observed) {
    public TwinCompareRequest {
        observed = observed == null ? List.of() : List.copyOf(observed);
    }
}
