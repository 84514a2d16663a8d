package io.phalanx.gateway;

import io.phalanx.connectors.kafka.Topics;

/** The feeds the gateway takes, each with its endpoint and topic (docs/TOPICS.md). */
public enum Feed {
    METRICS("/v1/metrics", Topics.METRICS),
    LOGS("/v1/logs", Topics.LOGS),
    DEPLOYS("/v1/deploys", Topics.DEPLOYS),
    TOPOLOGY("/v1/topology", Topics.TOPOLOGY),
    IMPACT("/v1/impact", Topics.IMPACT);

    private final String path;
    private final String topic;

    Feed(String path, String topic) {
        this.path = path;
        this.topic = topic;
    }

    public String path() {
        return path;
    }

    public String topic() {
        return topic;
    }

    /** The lower-case name used in metrics labels. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Feed byPath(String path) {
        for (Feed f : values()) {
            if (f.path.equals(path)) {
                return f;
            }
        }
        return null;
    }
}
