package io.phalanx.functions.messages;

/**
 * A query on {@code phalanx.case-queries.v1} (Kafka key: the incident id): publish the whole case
 * to {@code phalanx.case-snapshots.v1}. {@code {"v":1,"incidentId":"inc-42","requestId":"q-1"}}
 */
public record CaseQuery(int v, String incidentId, String requestId) {}
