package io.phalanx.core.ontology;

import java.util.Map;
import java.util.TreeMap;

/**
 * A thing the ontology knows: its id ({@code service:checkout}, {@code segment:hop2->hop3}), type,
 * display name and attributes (all strings, sorted, so equal facts compare equal).
 */
public record Entity(String id, EntityType type, String name, Map<String, String> attributes) {
    public Entity {
        attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
    }

    public static Entity of(EntityType type, String name, Map<String, String> attributes) {
        return new Entity(type.id(name), type, name, attributes);
    }

    public static Entity of(EntityType type, String name) {
        return of(type, name, Map.of());
    }
}
