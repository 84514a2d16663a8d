package io.phalanx.simulation;

import java.util.List;

/**
 * What a correct analysis of a showcase must conclude across domains, on top of the packet-level
 * {@link ExpectedOutcome} of its capture set. Tests of the generator, of replay and of the twin
 * share it.
 *
 * @param network what the replay of the capture set must report
 * @param faultOnsetMillis when the injected fault (or routing change) takes effect: the first
 *     captured packet; every symptom in the side feeds starts at or after it, -1 for none
 * @param incidentsByPriority services whose SLIs degrade, highest business priority first
 * @param culpritService service of the change that caused it (deploy or network change), or null
 * @param culpritVersion that change's version, or null
 * @param changeLeadMillis how long before the onset the change was rolled out
 * @param hotHost host whose CPU saturates, or null
 * @param hotHostMinCpu CPU the hot host reaches and holds after the onset (0..1)
 * @param timeoutService service whose logs report timeouts after the onset, or null
 * @param launchMultiplier traffic multiplier of the launch observed against history (1 = none)
 */
public record ShowcaseOutcome(
        ExpectedOutcome network,
        long faultOnsetMillis,
        List<String> incidentsByPriority,
        String culpritService,
        String culpritVersion,
        long changeLeadMillis,
        String hotHost,
        double hotHostMinCpu,
        String timeoutService,
        double launchMultiplier) {
    public ShowcaseOutcome {
        incidentsByPriority = List.copyOf(incidentsByPriority);
    }
}
