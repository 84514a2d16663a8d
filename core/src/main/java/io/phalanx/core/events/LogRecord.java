package io.phalanx.core.events;

/**
 * One log line from a service, reduced to what diagnosis needs: who logged it, how severe, and the
 * message text (patterns such as "timeout" are matched on it).
 *
 * @param level upper-case severity: TRACE, DEBUG, INFO, WARN, ERROR or FATAL
 * @param host may be null when the shipper does not know it
 */
public record LogRecord(
        long timestampMillis, String service, String host, String level, String message) {}
