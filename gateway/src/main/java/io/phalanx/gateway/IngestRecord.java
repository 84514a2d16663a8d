package io.phalanx.gateway;

/** One validated record on its way to Kafka: the topic, the key docs/TOPICS.md names, the value. */
public record IngestRecord(String topic, String key, String value) {}
