package io.phalanx.simulation;

import java.util.List;

/**
 * The emulated chain {@code client -- r1 -- r2 -- server} of samples/captures, with its four
 * capture points placed as there: hop1 on r1 towards the client, hop2 on r2 towards r1, hop3 on r2
 * towards the server, hop4 at the server. A packet arriving on a captured interface is recorded
 * before the node processes it, one leaving after the node's routing and output queue; so the TTL
 * seen at a capture point is 64 minus the routers the packet has already crossed.
 *
 * <p>When the return path bypasses hop3 ({@link #returnBypassesHop3}), server-to-client packets
 * leave the server through a second, uncaptured link {@code r2--server-b} (10.77.4.0/24) and enter
 * r2 there; hop4 is the server's capture over both its interfaces.
 *
 * @param clientAddress IPv4 address of the client, as an int (10.77.1.2 by default)
 * @param serverAddress IPv4 address of the server, as an int (10.77.3.2 by default)
 * @param returnBypassesHop3 true for the asymmetric routing described above
 */
public record ChainTopology(int clientAddress, int serverAddress, boolean returnBypassesHop3) {
    public static final String HOP1 = "hop1";
    public static final String HOP2 = "hop2";
    public static final String HOP3 = "hop3";
    public static final String HOP4 = "hop4";
    public static final List<String> CAPTURE_POINTS = List.of(HOP1, HOP2, HOP3, HOP4);

    /** Senders' initial TTL (Linux default). */
    public static final int INITIAL_TTL = 64;

    /**
     * Baseline one-way latency of every stretch between two capture points (or an endpoint and its
     * first capture point) before serialisation: propagation plus forwarding.
     */
    public static final long STRETCH_BASE_LATENCY_NANOS = 20_000;

    /** Line rate of every link, for the serialisation delay of a frame. */
    public static final long LINE_RATE_BITS_PER_SECOND = 1_000_000_000L;

    public static ChainTopology standard() {
        return new ChainTopology(ipv4("10.77.1.2"), ipv4("10.77.3.2"), false);
    }

    public ChainTopology withReturnBypassingHop3(boolean bypass) {
        return new ChainTopology(clientAddress, serverAddress, bypass);
    }

    /** Capture points in the order packets of {@code dir} pass them. */
    public List<String> path(Direction dir) {
        if (dir == Direction.CLIENT_TO_SERVER) {
            return CAPTURE_POINTS;
        }
        return returnBypassesHop3 ? List.of(HOP4, HOP2, HOP1) : List.of(HOP4, HOP3, HOP2, HOP1);
    }

    /** Routers a packet of {@code dir} has crossed when {@code capturePoint} records it. */
    static int routersBefore(String capturePoint, Direction dir) {
        boolean forward = dir == Direction.CLIENT_TO_SERVER;
        return switch (capturePoint) {
            case HOP1 -> forward ? 0 : 2;
            case HOP2 -> 1;
            case HOP3 -> forward ? 2 : 0;
            case HOP4 -> forward ? 2 : 0;
            default -> throw new IllegalArgumentException("unknown capture point " + capturePoint);
        };
    }

    /** TTL of a packet of {@code dir} as recorded at {@code capturePoint}. */
    static int ttlAt(String capturePoint, Direction dir) {
        return INITIAL_TTL - routersBefore(capturePoint, dir);
    }

    /**
     * Source and destination MAC of a frame of {@code dir} on the link {@code capturePoint} taps.
     * Links are numbered 1 (client--r1), 2 (r1--r2), 3 (r2--server) and 4 (r2--server-b, the
     * bypass); on link n the end nearer the client is {@code 02:77:0n:00:00:01} except on link 1,
     * where the client is {@code :02} and r1 {@code :01}, as in the sample sets.
     */
    byte[][] macsAt(String capturePoint, Direction dir) {
        int link =
                switch (capturePoint) {
                    case HOP1 -> 1;
                    case HOP2 -> 2;
                    case HOP3 -> 3;
                    case HOP4 -> dir == Direction.SERVER_TO_CLIENT && returnBypassesHop3 ? 4 : 3;
                    default -> throw new IllegalArgumentException(capturePoint);
                };
        byte[] endOne = mac(link, 1);
        byte[] endTwo = mac(link, 2);
        // :01 sends client->server frames on every link but the client's own, where r1 is :01.
        boolean fromEndOne =
                link == 1 ? dir == Direction.SERVER_TO_CLIENT : dir == Direction.CLIENT_TO_SERVER;
        return fromEndOne ? new byte[][] {endOne, endTwo} : new byte[][] {endTwo, endOne};
    }

    static byte[] mac(int link, int end) {
        return new byte[] {0x02, 0x77, (byte) link, 0, 0, (byte) end};
    }

    public static int ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int a = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            a = (a << 8) | octet;
        }
        return a;
    }

    public static String dotted(int address) {
        return (address >>> 24)
                + "."
                + ((address >>> 16) & 0xff)
                + "."
                + ((address >>> 8) & 0xff)
                + "."
                + (address & 0xff);
    }
}
