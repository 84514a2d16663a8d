package io.phalanx.connectors.alerting;

import io.phalanx.core.alerting.AlertAction;
import io.phalanx.core.alerting.AlertDecider;
import io.phalanx.core.alerting.AlertPayloads;
import io.phalanx.core.alerting.IncidentAlertState;
import io.phalanx.core.alerting.IncidentUpdate;
import io.phalanx.core.report.ReplayReport;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns {@code phalanx.incidents.v1} records into notifications. Keeps, per incident id, the {@link
 * IncidentAlertState} and the set of targets that took a page; nothing ages out, so a replay of the
 * whole topic pages nothing twice (the state is as large as the number of incidents seen).
 *
 * <p>Per target: the first version whose severity the target pages sends a trigger; later versions
 * refresh it (Alertmanager re-posts the same labels, Slack posts an "updated" message; PagerDuty is
 * left alone, its alert is keyed by {@code dedup_key} = incident id and needs no refresh); a
 * resolve goes only to targets that were paged. A delivery that fails after all retries becomes an
 * {@link AlertDeadLetter} and the dispatcher moves on; a trigger that failed is tried again with
 * the next version. A record that does not parse becomes a dead letter with target {@code -}.
 */
public final class AlertDispatcher {
    private final List<AlertTarget> targets;
    private final AlertPayloads payloads;
    private final Consumer<AlertDeadLetter> deadLetters;
    private final Clock clock;
    private final AlertDecider decider = new AlertDecider();
    private final Map<String, IncidentAlertState> states = new HashMap<>();
    private final Map<String, Set<String>> pagedTargets = new HashMap<>();

    public AlertDispatcher(
            List<AlertTarget> targets,
            AlertPayloads payloads,
            Consumer<AlertDeadLetter> deadLetters,
            Clock clock) {
        this.targets = List.copyOf(targets);
        this.payloads = payloads;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** Handles one record; returns the action decided (empty when it changed nothing). */
    public Optional<AlertAction> accept(String json) throws InterruptedException {
        IncidentUpdate update;
        try {
            update = IncidentUpdate.parse(json);
        } catch (IllegalArgumentException e) {
            deadLetters.accept(new AlertDeadLetter("-", null, 0, null, 0, e.getMessage(), json));
            return Optional.empty();
        }
        IncidentAlertState state =
                states.computeIfAbsent(update.id(), k -> new IncidentAlertState());
        Optional<AlertAction> action = decider.decide(state, update);
        if (action.isEmpty()) {
            return action;
        }
        Set<String> paged = pagedTargets.computeIfAbsent(update.id(), k -> new HashSet<>());
        ReplayReport.Incident incident = state.lastIncident;
        Instant now = clock.instant();
        for (AlertTarget target : targets) {
            AlertAction perTarget = forTarget(action.get(), target, paged, incident);
            if (perTarget == null) {
                continue;
            }
            String body = body(perTarget, target, update.id(), incident, now);
            HttpAlertSender.Outcome outcome = target.sender().send(body);
            if (outcome.delivered()) {
                if (perTarget == AlertAction.TRIGGER) {
                    paged.add(target.name());
                }
            } else {
                deadLetters.accept(
                        new AlertDeadLetter(
                                target.name(),
                                update.id(),
                                update.version(),
                                perTarget,
                                outcome.attempts(),
                                outcome.reason(),
                                body));
            }
        }
        return action;
    }

    /** Incidents seen so far (for metrics and tests). */
    public int incidentsTracked() {
        return states.size();
    }

    private static AlertAction forTarget(
            AlertAction action,
            AlertTarget target,
            Set<String> paged,
            ReplayReport.Incident incident) {
        boolean wasPaged = paged.contains(target.name());
        if (action == AlertAction.RESOLVE) {
            return wasPaged ? AlertAction.RESOLVE : null;
        }
        if (!wasPaged) {
            return target.pages(incident == null ? null : incident.severity)
                    ? AlertAction.TRIGGER
                    : null;
        }
        return target.kind() == AlertTarget.Kind.PAGERDUTY ? null : AlertAction.UPDATE;
    }

    private String body(
            AlertAction action,
            AlertTarget target,
            String id,
            ReplayReport.Incident incident,
            Instant now) {
        return switch (target.kind()) {
            case ALERTMANAGER -> payloads.alertmanager(action, id, incident, now);
            case PAGERDUTY -> payloads.pagerDuty(action, target.routingKey(), id, incident, now);
            case SLACK -> payloads.slack(action, id, incident);
        };
    }
}
