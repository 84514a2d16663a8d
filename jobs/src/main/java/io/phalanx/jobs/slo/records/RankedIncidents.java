package io.phalanx.jobs.slo.records;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranked list of open SLO incidents as of {@code atMillis}, re-issued whenever an incident
 * opens or closes or a burn rate, budget or business impact changes its priority inputs.
 */
public class RankedIncidents {
    public long atMillis;
    public RankedIncident[] incidents;

    public RankedIncidents() {}

    /** SLO names, most urgent first. */
    public List<String> order() {
        List<String> names = new ArrayList<>();
        for (RankedIncident i : incidents) {
            names.add(i.slo);
        }
        return names;
    }

    public RankedIncident incident(String slo) {
        for (RankedIncident i : incidents) {
            if (i.slo.equals(slo)) {
                return i;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return atMillis + " " + List.of(incidents);
    }
}
