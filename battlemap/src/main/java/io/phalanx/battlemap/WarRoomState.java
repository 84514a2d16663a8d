package io.phalanx.battlemap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The war room's one source of truth: the network view (the replay report's shape, as on {@code
 * phalanx.network.v1}), incidents by id at their highest version, SLOs, and remediation proposals
 * with their votes and decisions.
 *
 * <p>Every change gets the next sequence number and is handed to the listeners as a delta, inside
 * the same lock that {@link #subscribe} takes to send a snapshot: a listener that subscribes sees
 * the snapshot and then every later delta, none twice and none lost. An incident version not higher
 * than the one held is ignored (Kafka redelivery or an out-of-order update), as the topic contract
 * says.
 */
public final class WarRoomState {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String mode;
    private final ObjectMapper mapper;
    private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();
    private long seq;
    private ObjectNode network = JSON.objectNode();
    private final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    private final Map<String, ObjectNode> proposals = new LinkedHashMap<>();
    private ArrayNode slos = JSON.arrayNode();

    /** {@code mode}: replay, live or demo, shown on the page (demo gets the banner). */
    public WarRoomState(String mode, ObjectMapper mapper) {
        this.mode = mode;
        this.mapper = mapper;
    }

    public String mode() {
        return mode;
    }

    /** Replaces the network view; incidents and SLOs in it are applied as their own updates. */
    public synchronized void applyNetworkView(JsonNode report) {
        ObjectNode view = report.deepCopy();
        JsonNode inc = view.remove("incidents");
        JsonNode s = view.remove("slos");
        network = view;
        emit(delta("network").set("network", view));
        if (inc instanceof ArrayNode a) {
            a.forEach(this::applyIncident);
        }
        if (s instanceof ArrayNode a) {
            slos = a;
            emit(delta("slos").set("slos", a));
        }
        JsonNode r = view.get("remediation");
        if (r instanceof ArrayNode a) {
            a.forEach(this::applyProposal);
        }
    }

    /**
     * Applies one incident version: the {@code incident} of a {@code phalanx.incidents.v1} record,
     * or the record itself. Returns whether it replaced what was held.
     */
    public synchronized boolean applyIncident(JsonNode update) {
        JsonNode incident = update.has("incident") ? update.get("incident") : update;
        String id = incident.path("id").asText(null);
        if (id == null) {
            throw new IllegalArgumentException("an incident needs an id");
        }
        ObjectNode held = incidents.get(id);
        int version = incident.path("version").asInt(0);
        if (held != null && held.path("version").asInt(0) >= version) {
            return false;
        }
        ObjectNode copy = incident.deepCopy();
        incidents.put(id, copy);
        emit(delta("incident").set("incident", copy));
        return true;
    }

    /**
     * A remediation proposal ({@code id}, {@code incidentId}, {@code action}, ...); its {@code
     * votes} and {@code decision} are kept from the held one unless the update carries them.
     */
    public synchronized void applyProposal(JsonNode proposal) {
        String id = proposal.path("id").asText(null);
        if (id == null) {
            throw new IllegalArgumentException("a remediation proposal needs an id");
        }
        ObjectNode copy = proposal.deepCopy();
        ObjectNode held = proposals.get(id);
        if (!copy.has("votes")) {
            copy.set("votes", held != null ? held.get("votes") : JSON.arrayNode());
        }
        proposals.put(id, copy);
        emit(delta("proposal").set("proposal", copy));
    }

    public synchronized Optional<ObjectNode> proposal(String id) {
        return Optional.ofNullable(proposals.get(id)).map(ObjectNode::deepCopy);
    }

    /** Records a vote already written to the votes sink, so every page shows it. */
    public synchronized void recordVote(ObjectNode vote) {
        ObjectNode p = proposals.get(vote.path("proposalId").asText());
        if (p == null) {
            throw new IllegalArgumentException("no such proposal");
        }
        ArrayNode votes = p.withArray("votes");
        // One vote per voter: a new one replaces their earlier choice.
        for (int i = votes.size() - 1; i >= 0; i--) {
            if (votes.get(i).path("voter").asText().equals(vote.path("voter").asText())) {
                votes.remove(i);
            }
        }
        votes.add(vote);
        emit(delta("proposal").set("proposal", p.deepCopy()));
    }

    public synchronized void applySlos(ArrayNode s) {
        slos = s.deepCopy();
        emit(delta("slos").set("slos", slos));
    }

    public synchronized JsonNode network() {
        return network.deepCopy();
    }

    public synchronized ObjectNode snapshot() {
        ObjectNode s = JSON.objectNode();
        s.put("type", "snapshot");
        s.put("seq", seq);
        s.put("mode", mode);
        s.set("network", network.deepCopy());
        ArrayNode inc = s.putArray("incidents");
        incidents.values().forEach(i -> inc.add(i.deepCopy()));
        s.set("slos", slos.deepCopy());
        ArrayNode rem = s.putArray("remediation");
        proposals.values().forEach(p -> rem.add(p.deepCopy()));
        return s;
    }

    /**
     * Sends the snapshot to {@code listener} and then every later delta, until {@link
     * #unsubscribe}; false (and nothing more) when the snapshot could not be delivered.
     */
    public synchronized boolean subscribe(Consumer<ObjectNode> listener) {
        try {
            listener.accept(snapshot());
        } catch (RuntimeException e) {
            // The client went away before its snapshot was out: nothing to follow up.
            return false;
        }
        listeners.add(listener);
        return true;
    }

    public void unsubscribe(Consumer<ObjectNode> listener) {
        listeners.remove(listener);
    }

    public synchronized long seq() {
        return seq;
    }

    public synchronized List<ObjectNode> incidents() {
        List<ObjectNode> out = new ArrayList<>();
        incidents.values().forEach(i -> out.add(i.deepCopy()));
        return out;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    private ObjectNode delta(String type) {
        ObjectNode d = JSON.objectNode();
        d.put("type", type);
        d.put("seq", ++seq);
        return d;
    }

    private void emit(JsonNode d) {
        for (Consumer<ObjectNode> l : listeners) {
            try {
                l.accept((ObjectNode) d);
            } catch (RuntimeException e) {
                // A broken client must not stop the others; it is dropped when its socket closes.
                listeners.remove(l);
            }
        }
    }
}
