package io.phalanx.functions;

import org.apache.flink.statefun.sdk.java.StatefulFunctions;

/** Registers the five function specs; nothing else. */
public final class GovernanceModule {
    private GovernanceModule() {}

    public static StatefulFunctions functions(GovernanceConfig config) {
        return new StatefulFunctions()
                .withStatefulFunction(AdvisorFn.spec(config))
                .withStatefulFunction(BallotFn.spec(config))
                .withStatefulFunction(AgentFn.spec(config))
                .withStatefulFunction(ExecutorFn.spec(config))
                .withStatefulFunction(CaseHistoryFn.spec());
    }
}
