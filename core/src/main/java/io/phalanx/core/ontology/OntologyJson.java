package io.phalanx.core.ontology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.core.events.InvalidEventException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code phalanx.ontology.v1} records (docs/TOPICS.md): {@code {"v":1,"ts":...,
 * "entity":{"id","type","name","attributes"}}} or {@code {"v":1,"ts":...,"relation":{"from",
 * "type","to"}}}.
 */
public final class OntologyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OntologyJson() {}

    public static String toJson(OntologyChange c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("v", 1);
        n.put("ts", Instant.ofEpochMilli(c.timestampMillis()).toString());
        if (c.entity() != null) {
            n.set("entity", entity(c.entity()));
        } else {
            ObjectNode r = n.putObject("relation");
            r.put("from", c.relation().from());
            r.put("type", c.relation().type());
            r.put("to", c.relation().to());
        }
        return n.toString();
    }

    static ObjectNode entity(Entity e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("type", e.type().prefix());
        n.put("name", e.name());
        ObjectNode a = n.putObject("attributes");
        e.attributes().forEach(a::put);
        return n;
    }

    public static OntologyChange parse(String json) throws InvalidEventException {
        try {
            JsonNode n = MAPPER.readTree(json);
            long ts = Instant.parse(n.get("ts").asText()).toEpochMilli();
            JsonNode e = n.get("entity");
            if (e != null) {
                Map<String, String> attrs = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = e.get("attributes").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    attrs.put(f.getKey(), f.getValue().asText());
                }
                return OntologyChange.of(
                        ts,
                        new Entity(
                                e.get("id").asText(),
                                EntityType.fromPrefix(e.get("type").asText()),
                                e.get("name").asText(),
                                attrs));
            }
            JsonNode r = n.get("relation");
            return OntologyChange.of(
                    ts,
                    new Relation(
                            r.get("from").asText(), r.get("type").asText(), r.get("to").asText()));
        } catch (Exception e) {
            throw new InvalidEventException("not an ontology change: " + e.getMessage());
        }
    }
}
