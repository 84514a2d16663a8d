package io.phalanx.core.flow;

/** IP protocol numbers and their report names. */
public final class Protocols {
    private Protocols() {}

    public static String name(int proto) {
        return switch (proto) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmp6";
            case 132 -> "sctp";
            default -> "ip-" + proto;
        };
    }
}
