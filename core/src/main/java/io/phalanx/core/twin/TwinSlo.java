package io.phalanx.core.twin;

import io.phalanx.core.slo.SloDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SLO file's latency SLO as the twin applies it: the latency threshold comes from the {@code
 * le="..."} bucket of the good query (the Prometheus histogram convention, seconds), the objective
 * from the file; it covers the request class named after the SLO's service or, when there is none,
 * every class whose preferred path passes the service.
 */
public record TwinSlo(SloDefinition definition, LatencyObjective objective, List<String> classes) {
    private static final Pattern LE = Pattern.compile("le\\s*=\\s*\"([0-9.eE+-]+)\"");

    public TwinSlo {
        classes = List.copyOf(classes);
    }

    /** The twin's reading of {@code slo} on {@code topology}; explains what it cannot use. */
    public static TwinSlo of(SloDefinition slo, ServiceTopology topology) {
        String query = slo.indicator().good().query();
        Matcher m = LE.matcher(query == null ? "" : query);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "SLO "
                            + slo.name()
                            + ": the twin needs a latency threshold, le=\"<seconds>\" in the good"
                            + " query, got: "
                            + query);
        }
        double threshold = Double.parseDouble(m.group(1));
        List<String> classes = new ArrayList<>();
        if (topology.requestClasses().containsKey(slo.service())) {
            classes.add(slo.service());
        } else {
            for (RequestClass rc : topology.requestClasses().values()) {
                if (rc.paths().get(0).passes(slo.service())) {
                    classes.add(rc.name());
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(
                    "SLO "
                            + slo.name()
                            + ": no request class is named after or passes service "
                            + slo.service());
        }
        return new TwinSlo(slo, new LatencyObjective(threshold, slo.objective()), classes);
    }
}
