package io.phalanx.core.flow;

import io.phalanx.core.packet.IpAddresses;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID v1 flow hashes (https://github.com/corelight/community-id-spec), so that a
 * conversation in a Phalanx report can be found in Zeek, Suricata or Wireshark by the same string.
 *
 * <p>The ports passed in follow the spec's ICMP convention (type and counterpart type or code), as
 * {@link io.phalanx.core.packet.PacketEvent} already carries them.
 */
public final class CommunityId {
    private CommunityId() {}

    /** Community ID v1 with seed 0. */
    public static String v1(byte[] srcIp, int srcPort, byte[] dstIp, int dstPort, int proto) {
        return v1(srcIp, srcPort, dstIp, dstPort, proto, 0);
    }

    public static String v1(
            byte[] srcIp, int srcPort, byte[] dstIp, int dstPort, int proto, int seed) {
        boolean oneWay = (proto == 1 || proto == 58) && isOneWayIcmp(proto, srcPort);
        if (!oneWay) {
            int c = IpAddresses.compare(srcIp, dstIp);
            if (c > 0 || (c == 0 && srcPort > dstPort)) {
                byte[] t = srcIp;
                srcIp = dstIp;
                dstIp = t;
                int tp = srcPort;
                srcPort = dstPort;
                dstPort = tp;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(2 + srcIp.length + dstIp.length + 2 + 4);
        buf.putShort((short) seed);
        buf.put(srcIp);
        buf.put(dstIp);
        buf.put((byte) proto);
        buf.put((byte) 0);
        if (proto == 1 || proto == 58 || proto == 6 || proto == 17 || proto == 132) {
            buf.putShort((short) srcPort);
            buf.putShort((short) dstPort);
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(buf.array(), 0, buf.position());
            return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /** ICMP types without a counterpart are hashed in their own direction only. */
    static boolean isOneWayIcmp(int proto, int type) {
        if (proto == 1) {
            return switch (type) {
                case 0, 8, 13, 14, 15, 16, 17, 18, 10, 9 -> false;
                default -> true;
            };
        }
        return switch (type) {
            case 128, 129, 133, 134, 135, 136, 130, 131, 144, 145 -> false;
            default -> true;
        };
    }
}
