package io.phalanx.core.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Formatting and comparison of raw 4- or 16-byte IP addresses. */
public final class IpAddresses {
    private IpAddresses() {}

    /** Dotted quad for IPv4, RFC 5952 text for IPv6, {@code "?"} for null. */
    public static String format(byte[] addr) {
        if (addr == null) {
            return "?";
        }
        if (addr.length == 4) {
            return (addr[0] & 0xff)
                    + "."
                    + (addr[1] & 0xff)
                    + "."
                    + (addr[2] & 0xff)
                    + "."
                    + (addr[3] & 0xff);
        }
        try {
            return InetAddress.getByAddress(addr).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + addr.length + " bytes", e);
        }
    }

    /** Parses a literal address (no name lookup). */
    public static byte[] parse(String text) {
        if (text.indexOf(':') < 0 && !text.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }

    /** Unsigned lexicographic comparison; shorter (IPv4) sorts before longer. */
    public static int compare(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
