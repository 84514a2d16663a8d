package io.phalanx.jobs.platform.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.connectors.kafka.KeyedValue;
import io.phalanx.core.ontology.OntologyChange;
import io.phalanx.core.ontology.OntologyDeclaration;
import io.phalanx.core.ontology.OntologyFacts;
import io.phalanx.core.ontology.OntologyJson;
import io.phalanx.core.report.ReplayReport;
import io.phalanx.jobs.platform.records.OntologyInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Builds the ontology from conversations, network views, topology declarations and feed facts
 * ({@link OntologyFacts}), and emits a change record for every entity or relation that is new or
 * whose attributes changed: the {@code phalanx.ontology.v1} topic, keyed by entity id or relation
 * key.
 *
 * <p>State (one key: the ontology is small next to the traffic and its updates are per
 * conversation, not per packet): {@code known}, the last emitted form of every entity and relation
 * except conversations (a conversation's uid is unique, so its facts are emitted once without being
 * remembered); {@code service-by-endpoint} and {@code host-by-address}, the latest declaration's
 * names, used for conversations that arrive after it. Nothing expires: entities of an environment
 * are few, and a fact seen again after a restore is an unchanged upsert.
 */
public class OntologyBuilder extends KeyedProcessFunction<Integer, OntologyInput, KeyedValue> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .configure(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .FAIL_ON_UNKNOWN_PROPERTIES,
                            false);

    private transient MapState<String, String> known;
    private transient MapState<String, String> serviceByEndpoint;
    private transient MapState<String, String> hostByAddress;

    @Override
    public void open(OpenContext ctx) {
        known =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("known", Types.STRING, Types.STRING));
        serviceByEndpoint =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "service-by-endpoint", Types.STRING, Types.STRING));
        hostByAddress =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "host-by-address", Types.STRING, Types.STRING));
    }

    @Override
    public void processElement(OntologyInput in, Context ctx, Collector<KeyedValue> out)
            throws Exception {
        List<OntologyChange> facts = new ArrayList<>();
        switch (in.kind) {
            case OntologyInput.CONVERSATION -> {
                ReplayReport.Conversation c =
                        JSON.readValue(in.json, ReplayReport.Conversation.class);
                String resp = c.resp.ip + ":" + c.resp.port;
                Map<String, String> services = new HashMap<>();
                Map<String, String> hosts = new HashMap<>();
                lookup(serviceByEndpoint, resp, services);
                lookup(hostByAddress, c.resp.ip, hosts);
                lookup(hostByAddress, c.orig.ip, hosts);
                facts = OntologyFacts.conversation(c, services, hosts, in.timestamp);
            }
            case OntologyInput.NETWORK -> {
                ReplayReport view = io.phalanx.core.report.ReportJson.fromJson(in.json);
                facts = new ArrayList<>(OntologyFacts.network(view, in.timestamp));
                for (ReplayReport.Incident i : view.incidents) {
                    List<String> concerns = new ArrayList<>();
                    if (i.diagnosis != null) {
                        for (ReplayReport.Hypothesis h : i.diagnosis.hypotheses) {
                            if (h.segment != null) {
                                concerns.add("segment:" + h.segment.from + "->" + h.segment.to);
                            } else if (h.entity != null) {
                                concerns.add(h.entity);
                            }
                        }
                    }
                    facts.addAll(OntologyFacts.incident(i.id, i.title, concerns, in.timestamp));
                }
            }
            case OntologyInput.DECLARATION -> {
                OntologyDeclaration d = OntologyDeclaration.parse(in.json);
                serviceByEndpoint.putAll(d.serviceByEndpoint());
                hostByAddress.putAll(d.hostByAddress());
                facts = OntologyFacts.declaration(d, in.timestamp);
            }
            case OntologyInput.CHANGE -> facts = List.of(OntologyJson.parse(in.json));
            default -> throw new IllegalArgumentException("unknown ontology input " + in.kind);
        }
        for (OntologyChange c : facts) {
            String json = OntologyJson.toJson(c);
            if (OntologyFacts.isConversationFact(c)) {
                out.collect(new KeyedValue(c.key(), json));
                continue;
            }
            // Compare without the timestamp: the same fact at a later time is no change.
            String form = OntologyJson.toJson(new OntologyChange(0, c.entity(), c.relation()));
            if (!form.equals(known.get(c.key()))) {
                known.put(c.key(), form);
                out.collect(new KeyedValue(c.key(), json));
            }
        }
    }

    private static void lookup(MapState<String, String> state, String key, Map<String, String> into)
            throws Exception {
        String v = state.get(key);
        if (v != null) {
            into.put(key, v);
        }
    }
}
