package io.phalanx.simulation;

/**
 * Traffic the client starts, at {@code startMs} after the beginning of the capture. Workloads may
 * overlap (the congestion scenario runs a bulk transfer and bursts at the same time).
 */
public sealed interface Workload {
    /** When the workload starts, in ms after the capture window opens. */
    double startMs();

    /** A short name for the ground truth ({@code ping}, {@code http}, {@code bulk-tcp}, ...). */
    String name();

    /** {@code count} ICMP echo requests {@code intervalMs} apart, each answered by the server. */
    record IcmpEcho(double startMs, int count, double intervalMs) implements Workload {
        public String name() {
            return "ping";
        }
    }

    /**
     * {@code connections} TCP connections to port 8080, one every {@code intervalMs}: handshake,
     * one request segment, a response of {@code smallResponseBytes} / {@code largeResponseBytes}
     * alternating in MSS-sized segments, then the server closes (HTTP/1.0) and the client answers
     * the FIN with its own.
     */
    record TcpRequestResponse(
            double startMs,
            int connections,
            double intervalMs,
            int requestBytes,
            int smallResponseBytes,
            int largeResponseBytes)
            implements Workload {
        public String name() {
            return "http";
        }
    }

    /**
     * One TCP connection to port 5201 carrying {@code durationMs} of client-to-server data paced at
     * {@code bitsPerSecond} (like {@code iperf3 -b}: pacing, not a congestion window, sets the
     * rate). The client closes once everything is acknowledged.
     */
    record TcpBulkTransfer(double startMs, double durationMs, long bitsPerSecond)
            implements Workload {
        public String name() {
            return "bulk-tcp";
        }
    }

    /**
     * Client-to-server UDP datagrams of {@code payloadBytes} to port 5201 for {@code durationMs} at
     * an average of {@code bitsPerSecond}, sent in bursts of {@code burstPackets} back-to-back
     * datagrams (1 = a smooth stream).
     */
    record UdpStream(
            double startMs,
            double durationMs,
            long bitsPerSecond,
            int payloadBytes,
            int burstPackets)
            implements Workload {
        public String name() {
            return burstPackets > 1 ? "udp-bursts" : "udp-stream";
        }
    }
}
