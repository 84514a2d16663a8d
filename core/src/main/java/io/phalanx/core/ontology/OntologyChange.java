package io.phalanx.core.ontology;

/**
 * One change event of the ontology topic: an entity or a relation became known, or an entity's
 * attributes changed. Exactly one of {@code entity} and {@code relation} is set. Changes are
 * idempotent upserts: applying one twice, or replaying the topic, gives the same graph.
 */
public record OntologyChange(long timestampMillis, Entity entity, Relation relation) {
    public static OntologyChange of(long ts, Entity e) {
        return new OntologyChange(ts, e, null);
    }

    public static OntologyChange of(long ts, Relation r) {
        return new OntologyChange(ts, null, r);
    }

    /** The key under which the latest version of this fact is kept: entity id or relation key. */
    public String key() {
        return entity != null ? entity.id() : relation.key();
    }
}
