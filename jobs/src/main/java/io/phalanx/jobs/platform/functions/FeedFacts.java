package io.phalanx.jobs.platform.functions;

import io.phalanx.connectors.kafka.FeedRecord;
import io.phalanx.connectors.kafka.Topics;
import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.events.DeployEvent;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.InvalidEventException;
import io.phalanx.core.events.LogRecord;
import io.phalanx.core.events.MetricSample;
import io.phalanx.core.incident.Signal;
import io.phalanx.core.ontology.OntologyChange;
import io.phalanx.core.ontology.OntologyDeclaration;
import io.phalanx.core.ontology.OntologyFacts;
import io.phalanx.core.ontology.OntologyJson;
import io.phalanx.jobs.platform.records.OntologyInput;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses the JSON feed topics against docs/TOPICS.md and turns each record into ontology input:
 * deploys, metrics and logs into change records (and, on {@link #SIGNALS}, into signals of the
 * incident patterns), a topology record into a declaration. A record that breaks the contract goes
 * to {@link #DEAD_LETTERS} with its topic position and the reason; the feed goes on. Stateless.
 */
public class FeedFacts extends ProcessFunction<FeedRecord, OntologyInput> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("feed-dead-letters") {};

    /** Metrics, logs and deploys as signals of the incident patterns. */
    public static final OutputTag<Signal> SIGNALS =
            new OutputTag<>("feed-signals", TypeInformation.of(Signal.class));

    @Override
    public void processElement(FeedRecord r, Context ctx, Collector<OntologyInput> out) {
        String feed = feedOf(r.topic);
        try {
            if (r.value == null) {
                throw new InvalidEventException("record has no value");
            }
            List<OntologyChange> facts;
            switch (feed) {
                case "deploys" -> {
                    DeployEvent d = EventJson.deploy(r.value);
                    ctx.output(SIGNALS, Signal.of(d));
                    facts = OntologyFacts.deploy(d);
                }
                case "metrics" -> {
                    MetricSample m = EventJson.metric(r.value);
                    ctx.output(SIGNALS, Signal.of(m));
                    facts = OntologyFacts.metric(m);
                }
                case "logs" -> {
                    LogRecord l = EventJson.log(r.value);
                    ctx.output(SIGNALS, Signal.of(l));
                    facts = OntologyFacts.log(l);
                }
                case "impact" -> {
                    EventJson.impact(r.value); // validated; prices incidents, adds no entity
                    return;
                }
                case "topology" -> {
                    OntologyDeclaration.parse(r.value);
                    out.collect(new OntologyInput(OntologyInput.DECLARATION, r.value, r.timestamp));
                    return;
                }
                default -> throw new InvalidEventException("no parser for topic " + r.topic);
            }
            for (OntologyChange c : facts) {
                out.collect(
                        new OntologyInput(
                                OntologyInput.CHANGE, OntologyJson.toJson(c), c.timestampMillis()));
            }
        } catch (InvalidEventException e) {
            ctx.output(
                    DEAD_LETTERS,
                    new DeadLetter(r.position(), feed, r.offset, feed + ": " + e.getMessage()));
        }
    }

    /** {@code staging.phalanx.metrics.v1} -> {@code metrics}. */
    static String feedOf(String topic) {
        for (String[] t :
                new String[][] {
                    {Topics.METRICS, "metrics"},
                    {Topics.LOGS, "logs"},
                    {Topics.DEPLOYS, "deploys"},
                    {Topics.TOPOLOGY, "topology"},
                    {Topics.IMPACT, "impact"}
                }) {
            if (topic.endsWith(t[0])) {
                return t[1];
            }
        }
        return topic;
    }
}
