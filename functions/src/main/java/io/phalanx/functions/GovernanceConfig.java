package io.phalanx.functions;

import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.core.governance.VoterRule;
import io.phalanx.functions.actions.ActionRunner;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the functions share, loaded once at server start: the trust policy, the playbook, the
 * automated voters' rules (by voter id), the action runner and the clock.
 */
public record GovernanceConfig(
        TrustPolicy policy,
        Playbook playbook,
        Map<String, VoterRule> agents,
        ActionRunner actions,
        Clock clock) {

    public GovernanceConfig {
        agents = Map.copyOf(agents);
    }

    public static GovernanceConfig of(
            TrustPolicy policy,
            Playbook playbook,
            List<VoterRule> agents,
            ActionRunner actions,
            Clock clock) {
        Map<String, VoterRule> byId = new LinkedHashMap<>();
        for (VoterRule r : agents) {
            byId.put(r.voterId(), r);
        }
        return new GovernanceConfig(policy, playbook, byId, actions, clock);
    }
}
