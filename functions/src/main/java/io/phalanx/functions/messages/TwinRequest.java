package io.phalanx.functions.messages;

/**
 * The one shape on {@code phalanx.twin-requests.v1} (Kafka key: the service): exactly one of {@code
 * sample}, {@code scenario}, {@code compare}, handled as that message by the {@code twin} function.
 * {@code {"v":1,"scenario":{"v":1,"service":"checkout","scenarioId":"launch-3x",...}}}
 */
public record TwinRequest(
        int v, TwinSample sample, TwinScenarioRequest scenario, TwinCompareRequest compare) {
    public TwinRequest {
        int n = (sample != null ? 1 : 0) + (scenario != null ? 1 : 0) + (compare != null ? 1 : 0);
        if (n != 1) {
            throw new IllegalArgumentException(
                    "a twin request carries exactly one of sample, scenario, compare; got " + n);
        }
    }
}
