package io.phalanx.functions;

import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.governance.ActionSpec;
import io.phalanx.core.governance.ChangeFreezeAgentRule;
import io.phalanx.core.governance.ChangeFreezeCalendar;
import io.phalanx.core.governance.NetworkAgentRule;
import io.phalanx.core.governance.Playbook;
import io.phalanx.core.governance.SloAgentRule;
import io.phalanx.core.governance.TrustPolicy;
import io.phalanx.functions.actions.ActionOutcome;
import io.phalanx.functions.actions.ActionRunner;
import io.phalanx.functions.actions.RemediationAction;
import io.phalanx.functions.messages.CaseEvent;
import io.phalanx.functions.messages.IncidentMessage;
import io.phalanx.functions.messages.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord;
import org.apache.flink.statefun.sdk.java.TypeName;
import org.apache.flink.statefun.sdk.java.message.EgressMessage;
import org.apache.flink.statefun.sdk.java.message.Message;
import org.apache.flink.statefun.sdk.java.message.MessageBuilder;
import org.apache.flink.statefun.sdk.java.testing.SideEffects;
import org.apache.flink.statefun.sdk.java.testing.TestContext;
import org.apache.flink.statefun.sdk.java.types.Type;

/**
 * The shipped policy, playbook and calendar (functions/conf), a clock the test moves, and actions
 * that record what they were asked to run.
 */
abstract class FunctionsTestBase {
    static final Instant T0 = Instant.parse("2026-11-26T21:00:00Z");
    static final String FAILOVER = "inc-42/failover-backup-path";

    /** A clock the test sets. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** An action that records each live run and succeeds. */
    static final class RecordingAction implements RemediationAction {
        final ActionSpec.ActionType type;
        final List<String> runs = new CopyOnWriteArrayList<>();

        RecordingAction(ActionSpec.ActionType type) {
            this.type = type;
        }

        @Override
        public ActionSpec.ActionType type() {
            return type;
        }

        @Override
        public String describe(ActionSpec spec, String key) {
            return type + " " + spec.target() + " key=" + key;
        }

        @Override
        public Result run(ActionSpec spec, String key, Duration timeout) {
            runs.add(key);
            return new Result(ActionOutcome.Status.SUCCEEDED, 0, "ok " + key);
        }
    }

    final MutableClock clock = new MutableClock(T0);
    final RecordingAction webhook = new RecordingAction(ActionSpec.ActionType.WEBHOOK);
    final RecordingAction ansible = new RecordingAction(ActionSpec.ActionType.ANSIBLE);
    final RecordingAction terraform = new RecordingAction(ActionSpec.ActionType.TERRAFORM);

    static TrustPolicy policy() {
        try {
            return TrustPolicy.load(Path.of("conf/trust-policy.json"));
        } catch (ConfigFileException e) {
            throw new AssertionError(e);
        }
    }

    GovernanceConfig config(boolean liveEverywhere) {
        return config(policy(), liveEverywhere);
    }

    GovernanceConfig config(TrustPolicy policy, boolean liveEverywhere) {
        try {
            Playbook playbook = Playbook.load(Path.of("conf/playbook.yaml"));
            ChangeFreezeCalendar calendar =
                    ChangeFreezeCalendar.load(Path.of("conf/change-freeze.yaml"));
            return GovernanceConfig.of(
                    policy,
                    playbook,
                    List.of(
                            new NetworkAgentRule("network-agent"),
                            new SloAgentRule("slo-agent", 2.0),
                            new ChangeFreezeAgentRule("change-freeze-agent", () -> calendar)),
                    new ActionRunner(List.of(webhook, ansible, terraform), liveEverywhere, clock),
                    clock);
        } catch (ConfigFileException e) {
            throw new AssertionError(e);
        }
    }

    static IncidentMessage asymmetricIncident(String environment, Boolean backupHealthy) {
        return new IncidentMessage(
                1,
                "inc-42",
                T0,
                "checkout",
                environment,
                "ASYMMETRIC_ROUTING",
                "critical",
                new IncidentMessage.Evidence(true, backupHealthy, 14.4, null));
    }

    static IncidentMessage congestionAfterDeploy() {
        return new IncidentMessage(
                1,
                "inc-43",
                T0,
                "search",
                "prod",
                "CONGESTION",
                "high",
                new IncidentMessage.Evidence(
                        false, null, 6.0, new IncidentMessage.Deploy("v42", "v41")));
    }

    static <T> Message message(TypeName target, String id, Type<T> type, T value) {
        return MessageBuilder.forAddress(target, id).withCustomType(type, value).build();
    }

    static <T> List<T> sent(TestContext ctx, TypeName target, Type<T> type) {
        List<T> out = new ArrayList<>();
        for (SideEffects.SendSideEffect s : ctx.getSentMessages()) {
            if (s.message().targetAddress().type().equals(target) && s.message().is(type)) {
                out.add(s.message().as(type));
            }
        }
        return out;
    }

    static List<CaseEvent> caseEvents(TestContext ctx) {
        return sent(ctx, Types.CASE_HISTORY, Types.CASE_EVENT);
    }

    static List<KafkaProducerRecord> egress(TestContext ctx) {
        List<KafkaProducerRecord> out = new ArrayList<>();
        for (SideEffects.EgressSideEffect e : ctx.getSentEgressMessages()) {
            out.add(kafkaRecord(e.message()));
        }
        return out;
    }

    static KafkaProducerRecord kafkaRecord(EgressMessage e) {
        try {
            return KafkaProducerRecord.parseFrom(e.egressMessageValueBytes().toByteArray());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    static <T> T json(KafkaProducerRecord r, Class<T> type) {
        return Json.read(r.getValueBytes().toByteArray(), type);
    }
}
