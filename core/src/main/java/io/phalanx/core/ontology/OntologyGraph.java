package io.phalanx.core.ontology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ontology as a graph in memory: what the REST query side materialises from the change topic,
 * and what tests check the facts against. Applying a change is an upsert; {@link #apply} says
 * whether anything changed.
 */
public final class OntologyGraph {
    private final Map<String, Entity> entities = new TreeMap<>();
    private final Map<String, Relation> relations = new LinkedHashMap<>();
    private final Map<String, Set<String>> byEntity = new HashMap<>();

    /** Applies one change; true when the graph changed. */
    public synchronized boolean apply(OntologyChange c) {
        if (c.entity() != null) {
            Entity old = entities.get(c.entity().id());
            if (old != null && old.equals(c.entity())) {
                return false;
            }
            entities.put(c.entity().id(), merge(old, c.entity()));
            return true;
        }
        Relation r = c.relation();
        if (relations.putIfAbsent(r.key(), r) != null) {
            return false;
        }
        byEntity.computeIfAbsent(r.from(), k -> new LinkedHashSet<>()).add(r.key());
        byEntity.computeIfAbsent(r.to(), k -> new LinkedHashSet<>()).add(r.key());
        return true;
    }

    /** Attributes accumulate: a later fact adds or overwrites keys, never drops them. */
    private static Entity merge(Entity old, Entity now) {
        if (old == null) {
            return now;
        }
        Map<String, String> attrs = new TreeMap<>(old.attributes());
        attrs.putAll(now.attributes());
        return new Entity(now.id(), now.type(), now.name(), attrs);
    }

    public synchronized Optional<Entity> entity(String id) {
        return Optional.ofNullable(entities.get(id));
    }

    /** Every relation touching {@code id}, in either direction. */
    public synchronized List<Relation> relationsOf(String id) {
        List<Relation> out = new ArrayList<>();
        for (String k : byEntity.getOrDefault(id, Set.of())) {
            out.add(relations.get(k));
        }
        return out;
    }

    /** The entities one relation away from {@code id}. */
    public synchronized List<Entity> neighbours(String id) {
        Set<String> ids = new LinkedHashSet<>();
        for (Relation r : relationsOf(id)) {
            ids.add(r.from().equals(id) ? r.to() : r.from());
        }
        List<Entity> out = new ArrayList<>();
        for (String n : ids) {
            Entity e = entities.get(n);
            out.add(
                    e != null
                            ? e
                            : new Entity(n, typeOf(n), n.substring(n.indexOf(':') + 1), Map.of()));
        }
        return out;
    }

    public synchronized List<Entity> entitiesOfType(EntityType type) {
        return entities.values().stream().filter(e -> e.type() == type).toList();
    }

    public synchronized int size() {
        return entities.size();
    }

    public synchronized int relationCount() {
        return relations.size();
    }

    private static EntityType typeOf(String id) {
        int colon = id.indexOf(':');
        try {
            return EntityType.fromPrefix(colon < 0 ? id : id.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return EntityType.SERVICE;
        }
    }
}
