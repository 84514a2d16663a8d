package io.phalanx.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.governance.ActionSpec;
import io.phalanx.core.governance.CaseEntry;
import io.phalanx.core.governance.Decision;
import io.phalanx.core.governance.DecisionRecord;
import io.phalanx.core.governance.TrustWeightedTally;
import io.phalanx.functions.actions.ActionOutcome;
import io.phalanx.functions.actions.ActionRunner;
import io.phalanx.functions.actions.RemediationAction;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.VoteMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.flink.statefun.sdk.java.Address;
import org.junit.jupiter.api.Test;

/**
 * Safety of the whole function graph under thousands of random schedules: random vote orders and
 * choices (changes, withdrawals, vetoes), duplicate deliveries of incidents and votes, random
 * checkpoints and restarts that roll state and in-flight messages back ({@link SimulatedRuntime}).
 * Live actions are on, and the far side (an SDN controller) honours idempotency keys. Checked:
 *
 * <ul>
 *   <li>while governance is on, no action is ever invoked unless the proposal's ballot has decided
 *       APPROVED at that moment;
 *   <li>an approved (or ungoverned) plan takes effect exactly once: one effect per idempotency key
 *       however many times replays invoke it, and one recorded outcome; a plan that was not
 *       approved never runs;
 *   <li>the case history ends with exactly one decision per governed proposal.
 * </ul>
 */
class GovernanceSafetyTest extends FunctionsTestBase {
    private static final int RUNS = 2000;
    private static final String[] CHOICES = {
        "APPROVE", "APPROVE", "REJECT", "ABSTAIN", "VETO", "WITHDRAW"
    };

    /** The SDN controller: counts invocations and effects, applies a key once. */
    private static final class FarSide implements RemediationAction {
        final Map<String, Integer> invocations = new HashMap<>();
        final Map<String, Integer> effects = new HashMap<>();
        final List<String> violations = new ArrayList<>();
        SimulatedRuntime runtime;

        @Override
        public ActionSpec.ActionType type() {
            return ActionSpec.ActionType.WEBHOOK;
        }

        @Override
        public String describe(ActionSpec spec, String key) {
            return "POST " + spec.target() + " Idempotency-Key: " + key;
        }

        @Override
        public Result run(ActionSpec spec, String key, Duration timeout) {
            invocations.merge(key, 1, Integer::sum);
            String proposalId = key.substring(0, key.indexOf('#'));
            boolean governed = environment.equals("prod");
            if (governed) {
                Optional<DecisionRecord> d =
                        runtime.read(new Address(Types.BALLOT, proposalId), BallotFn.TALLY)
                                .map(TrustWeightedTally.Snapshot::decision);
                if (d.isEmpty() || d.get().decision() != Decision.APPROVED) {
                    violations.add(
                            key
                                    + " invoked with ballot decision "
                                    + d.map(DecisionRecord::decision));
                }
            }
            if (!effects.containsKey(key)) {
                effects.put(key, 1);
            } else {
                effects.merge(key, 1, (a, b) -> a); // refused by idempotency key: no second effect
            }
            return new Result(ActionOutcome.Status.SUCCEEDED, 200, "applied");
        }

        String environment;
    }

    @Test
    void nothingRunsWithoutApprovalAndAnApprovedPlanTakesEffectExactlyOnce() throws Throwable {
        Map<String, Integer> outcomes = new HashMap<>();
        int replayedInvocations = 0;
        int restarts = 0;
        long deliveries = 0;
        Random seeds = new Random(20261126);
        for (int run = 1; run <= RUNS; run++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            String environment = random.nextInt(8) == 0 ? "lab" : "prod";
            clock.now = random.nextInt(5) == 0 ? Instant.parse("2026-12-24T09:00:00Z") : T0;
            FarSide farSide = new FarSide();
            farSide.environment = environment;
            GovernanceConfig base = config(true);
            GovernanceConfig config =
                    new GovernanceConfig(
                            base.policy(),
                            base.playbook(),
                            base.agents(),
                            new ActionRunner(List.of(farSide), true, clock),
                            clock);
            SimulatedRuntime rt = new SimulatedRuntime(config, clock, random);
            farSide.runtime = rt;

            IncidentMessage incident =
                    new IncidentMessage(
                            1,
                            "inc-42",
                            T0,
                            "checkout",
                            environment,
                            "ASYMMETRIC_ROUTING",
                            "critical",
                            new IncidentMessage.Evidence(
                                    true,
                                    random.nextBoolean()
                                            ? Boolean.TRUE
                                            : random.nextBoolean() ? null : Boolean.FALSE,
                                    random.nextDouble() * 20,
                                    null));
            List<org.apache.flink.statefun.sdk.java.message.Message> input = new ArrayList<>();
            input.add(message(Types.ADVISOR, "inc-42", Types.INCIDENT, incident));
            if (random.nextBoolean()) {
                input.add(
                        message(Types.ADVISOR, "inc-42", Types.INCIDENT, incident)); // redelivered
            }
            for (String human : List.of("oncall-sre", "network-lead", "mallory")) {
                int votes = random.nextInt(4);
                for (int s = 1; s <= votes; s++) {
                    VoteMessage v =
                            new VoteMessage(
                                    1,
                                    FAILOVER,
                                    human,
                                    CHOICES[random.nextInt(CHOICES.length)],
                                    s,
                                    "",
                                    T0);
                    input.add(message(Types.BALLOT, FAILOVER, Types.VOTE, v));
                    if (random.nextInt(4) == 0) {
                        input.add(
                                message(
                                        Types.BALLOT,
                                        FAILOVER,
                                        Types.VOTE,
                                        v)); // duplicate delivery
                    }
                }
            }
            Collections.shuffle(input.subList(1, input.size()), random);
            input.forEach(rt::produce);

            for (int step = 0; step < 400 && !(rt.quiescent() && step > 50); step++) {
                rt.step();
                int dice = random.nextInt(100);
                if (dice < 12) {
                    rt.checkpoint();
                } else if (dice < 16) {
                    rt.restart();
                }
            }
            // Drain without failures: the deadline passes, every commit is read.
            for (int i = 0; i < 10_000 && !rt.quiescent(); i++) {
                rt.step();
                if (i % 7 == 0) {
                    rt.checkpoint();
                }
            }
            rt.checkpoint();
            assertThat(rt.quiescent()).as("seed %d drained", seed).isTrue();

            String key = FAILOVER + "#sdn-failover";
            assertThat(farSide.violations).as("seed %d", seed).isEmpty();
            Optional<DecisionRecord> decision =
                    rt.read(new Address(Types.BALLOT, FAILOVER), BallotFn.TALLY)
                            .map(TrustWeightedTally.Snapshot::decision);
            boolean cleared =
                    environment.equals("lab")
                            || decision.map(d -> d.decision() == Decision.APPROVED).orElse(false);
            if (cleared) {
                assertThat(farSide.effects).as("seed %d", seed).containsExactly(Map.entry(key, 1));
                assertThat(
                                rt.read(new Address(Types.EXECUTOR, FAILOVER), ExecutorFn.OUTCOMES)
                                        .orElseThrow()
                                        .byKey())
                        .as("seed %d", seed)
                        .containsOnlyKeys(key);
            } else {
                assertThat(farSide.invocations).as("seed %d", seed).isEmpty();
                assertThat(decision).as("seed %d: governed ballots always end", seed).isPresent();
            }
            CaseEntry[] history =
                    rt.read(new Address(Types.CASE_HISTORY, "inc-42"), CaseHistoryFn.ENTRIES)
                            .orElseThrow();
            long decisions =
                    java.util.Arrays.stream(history)
                            .filter(e -> e.kind() == CaseEntry.Kind.DECISION)
                            .count();
            assertThat(decisions).as("seed %d", seed).isEqualTo(environment.equals("lab") ? 0 : 1);

            String outcome =
                    environment.equals("lab")
                            ? "GOVERNANCE_OFF"
                            : decision.orElseThrow().decision().name();
            outcomes.merge(outcome, 1, Integer::sum);
            replayedInvocations += farSide.invocations.values().stream().mapToInt(i -> i - 1).sum();
            restarts += rt.restarts;
            deliveries += rt.deliveries;
        }
        System.out.printf(
                "%d runs: %s; %d deliveries, %d restarts, %d replayed action invocations refused by key%n",
                RUNS, outcomes, deliveries, restarts, replayedInvocations);
        // The schedules must have exercised every outcome and real replays.
        assertThat(outcomes).containsKeys("APPROVED", "VETOED", "EXPIRED", "GOVERNANCE_OFF");
        assertThat(replayedInvocations).isPositive();
    }
}
