/**
 * The side feeds Phalanx joins with the packets: metric samples, log records, deploy events and
 * business-impact figures. One JSON shape each, versioned by a {@code v} field, used the same way
 * in replay side files (JSON Lines) and on the Kafka topics; docs/TOPICS.md is the contract and
 * {@link io.phalanx.core.events.EventJson} its single reader and writer.
 */
package io.phalanx.core.events;
