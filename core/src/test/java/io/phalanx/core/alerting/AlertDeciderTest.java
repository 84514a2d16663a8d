package io.phalanx.core.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.report.ReplayReport;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertDeciderTest {
    private final AlertDecider decider = new AlertDecider();
    private final IncidentAlertState state = new IncidentAlertState();

    private static IncidentUpdate version(int v) {
        ReplayReport.Incident i = new ReplayReport.Incident();
        i.id = "INC-1";
        i.version = v;
        i.severity = "major";
        return new IncidentUpdate("INC-1", v, null, false, i);
    }

    private static IncidentUpdate resolved(int v) {
        return new IncidentUpdate("INC-1", v, null, true, null);
    }

    @Test
    void firstVersionPagesLaterOnesUpdateAndResolveHappensOnce() {
        assertThat(decider.decide(state, version(1))).contains(AlertAction.TRIGGER);
        assertThat(decider.decide(state, version(2))).contains(AlertAction.UPDATE);
        assertThat(decider.decide(state, version(2))).isEmpty();
        assertThat(decider.decide(state, version(1))).isEmpty();
        assertThat(decider.decide(state, version(3))).contains(AlertAction.UPDATE);
        assertThat(decider.decide(state, resolved(4))).contains(AlertAction.RESOLVE);
        assertThat(decider.decide(state, resolved(4))).isEmpty();
        assertThat(decider.decide(state, version(5))).isEmpty();
        assertThat(state.lastIncident.version).isEqualTo(3);
    }

    @Test
    void outOfOrderFirstArrivalPagesOnceFromTheHighestVersion() {
        assertThat(decider.decide(state, version(3))).contains(AlertAction.TRIGGER);
        assertThat(decider.decide(state, version(1))).isEmpty();
        assertThat(decider.decide(state, version(2))).isEmpty();
    }

    @Test
    void aResolveForAnIncidentNeverPagedSendsNothingAndClosesIt() {
        assertThat(decider.decide(state, resolved(1))).isEqualTo(Optional.empty());
        assertThat(decider.decide(state, version(2))).isEmpty();
    }

    @Test
    void parsesTheTopicRecord() {
        IncidentUpdate u =
                IncidentUpdate.parse(
                        "{\"v\":1,\"id\":\"INC-9\",\"version\":2,\"ts\":\"2026-03-01T12:00:10Z\","
                                + "\"incident\":{\"id\":\"INC-9\",\"version\":2,\"severity\":\"minor\","
                                + "\"title\":\"t\",\"extra\":1}}");
        assertThat(u.id()).isEqualTo("INC-9");
        assertThat(u.version()).isEqualTo(2);
        assertThat(u.resolved()).isFalse();
        assertThat(u.incident().severity).isEqualTo("minor");
    }
}
