package io.phalanx.functions;

import org.apache.flink.statefun.sdk.java.StatefulFunctions;

/** Registers the six function specs (governance and the twin); nothing else. */
public final class GovernanceModule {
    private GovernanceModule() {}

    public static StatefulFunctions functions(GovernanceConfig config) {
        return new StatefulFunctions()
                .withStatefulFunction(AdvisorFn.spec(config))
                .withStatefulFunction(BallotFn.spec(config))
                .withStatefulFunction(AgentFn.spec(config))
                .withStatefulFunction(ExecutorFn.spec(config))
                .withStatefulFunction(CaseHistoryFn.spec())
                .withStatefulFunction(TwinFn.spec());
    }
}
