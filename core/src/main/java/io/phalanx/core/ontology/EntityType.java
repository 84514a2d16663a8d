package io.phalanx.core.ontology;

import java.util.Locale;

/** The kinds of things the ontology links; an entity id is {@code <prefix>:<name>}. */
public enum EntityType {
    SERVICE,
    HOST,
    ENDPOINT,
    CAPTURE_POINT,
    SEGMENT,
    PATH,
    CONVERSATION,
    DEPLOY,
    METRIC_SERIES,
    LOG_STREAM,
    INCIDENT;

    /** {@code service}, {@code capture-point}, ...: the id prefix and the JSON name. */
    public String prefix() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String id(String name) {
        return prefix() + ":" + name;
    }

    public static EntityType fromPrefix(String prefix) {
        for (EntityType t : values()) {
            if (t.prefix().equals(prefix)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown entity type '" + prefix + "'");
    }
}
