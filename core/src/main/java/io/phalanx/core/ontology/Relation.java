package io.phalanx.core.ontology;

/**
 * A directed, typed link between two entity ids. Types used: {@code runs} (host -> service), {@code
 * on-host} (endpoint or log stream -> host), {@code serves} (endpoint -> service), {@code
 * orig}/{@code resp} (conversation -> endpoint), {@code observed-at} (conversation -> capture
 * point), {@code from}/{@code to} (segment -> capture point), {@code has-segment} (path ->
 * segment), {@code deploys} (deploy -> service), {@code measures} (metric series -> service or
 * host), {@code logs-of} (log stream -> service), {@code concerns} (incident -> any).
 */
public record Relation(String from, String type, String to) {
    /** The relation's identity, {@code from|type|to}. */
    public String key() {
        return from + "|" + type + "|" + to;
    }
}
