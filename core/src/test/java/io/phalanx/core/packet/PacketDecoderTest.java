package io.phalanx.core.packet;

import static io.phalanx.core.packet.FrameBuilder.CLIENT;
import static io.phalanx.core.packet.FrameBuilder.CLIENT6;
import static io.phalanx.core.packet.FrameBuilder.SERVER;
import static io.phalanx.core.packet.FrameBuilder.SERVER6;
import static io.phalanx.core.packet.FrameBuilder.ethernet;
import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.packet.PacketDecoder.Status;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketEvent event = new PacketEvent();

    private Status decode(int linkType, byte[] frame) {
        return decoder.decode(linkType, frame, 0, frame.length, event);
    }

    private static byte[] tcpSyn() {
        return ethernet(0x0800)
                .ipv4(6, 0x1234, 64, 0x4000)
                .tcp(40000, 8080, 0xfffffff0L, 0, PacketEvent.TCP_SYN, 64240)
                .build();
    }

    @Test
    void ethernetIpv4TcpFields() {
        byte[] frame =
                ethernet(0x0800)
                        .ipv4(6, 0x1234, 63, 0x4000)
                        .tcp(40000, 8080, 0xfffffff0L, 0x80000001L, 0x18, 501)
                        .payload(100, 3)
                        .build();
        assertThat(decode(1, frame)).isEqualTo(Status.PACKET);
        assertThat(event.ipVersion).isEqualTo((byte) 4);
        assertThat(event.srcIp).containsExactly(CLIENT);
        assertThat(event.dstIp).containsExactly(SERVER);
        assertThat(event.srcPort).isEqualTo(40000);
        assertThat(event.dstPort).isEqualTo(8080);
        assertThat(event.proto).isEqualTo(PacketEvent.PROTO_TCP);
        assertThat(event.ipId).isEqualTo(0x1234);
        assertThat(event.ttl).isEqualTo(63);
        assertThat(event.tcpSeq).isEqualTo(0xfffffff0L);
        assertThat(event.tcpAck).isEqualTo(0x80000001L);
        assertThat(event.tcpFlags).isEqualTo(PacketEvent.TCP_PSH | PacketEvent.TCP_ACK);
        assertThat(event.tcpWindow).isEqualTo(501);
        assertThat(event.payloadLen).isEqualTo(100);
        assertThat(event.payloadDigest).isNotZero();
        assertThat(event.flags).isZero();
        assertThat(decoder.reason()).isNull();
    }

    @Test
    void tcpWithoutPayloadHasZeroDigest() {
        assertThat(decode(1, tcpSyn())).isEqualTo(Status.PACKET);
        assertThat(event.payloadLen).isZero();
        assertThat(event.payloadDigest).isZero();
    }

    @Test
    void digestIgnoresTtlMacsChecksumsAndVlanTags() {
        byte[] hop1 = ethernet(0x0800).ipv4(17, 7, 64, 0).udp(5000, 5201).payload(1200, 9).build();
        byte[] hop2 =
                ethernet(0x8100)
                        .vlan(42, 0x0800)
                        .ipv4(17, 7, 61, 0)
                        .udp(5000, 5201)
                        .payload(1200, 9)
                        .build();
        hop2[0] = 0x0e; // another MAC
        hop2[18 + 10] = 0x11; // another IP checksum
        decode(1, hop1);
        long d1 = event.payloadDigest;
        decode(1, hop2);
        assertThat(event.ttl).isEqualTo(61);
        assertThat(event.payloadDigest).isEqualTo(d1);

        byte[] otherPayload =
                ethernet(0x0800).ipv4(17, 7, 64, 0).udp(5000, 5201).payload(1200, 10).build();
        decode(1, otherPayload);
        assertThat(event.payloadDigest).isNotEqualTo(d1);
    }

    @Test
    void udpDigestCoversUdpLengthBeyondTheHashedBytes() {
        byte[] shortDatagram =
                ethernet(0x0800).ipv4(17, 0, 64, 0).udp(53, 53).payload(40, 1).build();
        byte[] longDatagram =
                ethernet(0x0800).ipv4(17, 0, 64, 0).udp(53, 53).payload(41, 1).build();
        decode(1, shortDatagram);
        long d = event.payloadDigest;
        assertThat(event.payloadLen).isEqualTo(40);
        decode(1, longDatagram);
        assertThat(event.payloadLen).isEqualTo(41);
        assertThat(event.payloadDigest).isNotEqualTo(d);
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] syn = tcpSyn();
        byte[] padded = Arrays.copyOf(syn, 64); // short frames are padded to 60 + FCS
        padded[60] = 0x55;
        assertThat(decode(1, padded)).isEqualTo(Status.PACKET);
        assertThat(event.payloadLen).isZero();
        assertThat(event.payloadDigest).isZero();
        assertThat(event.flags).isZero();
    }

    @Test
    void qinqAndDeepVlanStacks() {
        byte[] qinq =
                ethernet(0x88a8)
                        .vlan(100, 0x8100)
                        .vlan(200, 0x9100)
                        .vlan(300, 0x0800)
                        .ipv4(6, 1, 64, 0)
                        .tcp(1, 2, 3, 4, PacketEvent.TCP_ACK, 5)
                        .build();
        assertThat(decode(1, qinq)).isEqualTo(Status.PACKET);
        assertThat(event.srcPort).isEqualTo(1);
        assertThat(event.tcpSeq).isEqualTo(3);
    }

    @Test
    void mplsStackThenIpv4AndIpv6ByFirstNibble() {
        byte[] v4 =
                ethernet(0x8847)
                        .mpls(16, false)
                        .mpls(17, false)
                        .mpls(18, true)
                        .ipv4(17, 9, 64, 0)
                        .udp(1000, 2000)
                        .build();
        assertThat(decode(1, v4)).isEqualTo(Status.PACKET);
        assertThat(event.ipVersion).isEqualTo((byte) 4);
        assertThat(event.dstPort).isEqualTo(2000);

        byte[] v6 =
                ethernet(0x8100)
                        .vlan(5, 0x8847)
                        .mpls(16, true)
                        .ipv6(17, 64)
                        .udp(1000, 2000)
                        .build();
        assertThat(decode(1, v6)).isEqualTo(Status.PACKET);
        assertThat(event.ipVersion).isEqualTo((byte) 6);
        assertThat(event.srcIp).containsExactly(CLIENT6);

        byte[] pseudowire = ethernet(0x8847).mpls(16, true).bytes(0, 0, 0, 0, 1, 2).build();
        assertThat(decode(1, pseudowire)).isEqualTo(Status.NOT_IP);
    }

    @Test
    void arpIsNotIpAndNotAnError() {
        byte[] arp = ethernet(0x0806).payload(28, 0).build();
        assertThat(decode(1, arp)).isEqualTo(Status.NOT_IP);
        assertThat(decoder.reason()).isEqualTo("EtherType 0x806");
    }

    @Test
    void linuxCookedV1AndV2() {
        byte[] ip = FrameBuilder.empty().ipv4(6, 77, 64, 0).tcp(22, 50000, 1, 2, 0x10, 3).build();
        byte[] sll = new byte[16 + ip.length];
        sll[14] = 0x08; // protocol 0x0800
        System.arraycopy(ip, 0, sll, 16, ip.length);
        assertThat(decode(113, sll)).isEqualTo(Status.PACKET);
        assertThat(event.ipId).isEqualTo(77);

        byte[] sll2 = new byte[20 + ip.length];
        sll2[0] = 0x08;
        System.arraycopy(ip, 0, sll2, 20, ip.length);
        assertThat(decode(276, sll2)).isEqualTo(Status.PACKET);
        assertThat(event.srcPort).isEqualTo(22);
    }

    @Test
    void rawIpLinkTypes() {
        byte[] v4 = FrameBuilder.empty().ipv4(17, 1, 64, 0).udp(1, 2).build();
        byte[] v6 = FrameBuilder.empty().ipv6(17, 64).udp(1, 2).build();
        for (int lt : new int[] {12, 14, 101}) {
            assertThat(decode(lt, v4)).isEqualTo(Status.PACKET);
            assertThat(event.ipVersion).isEqualTo((byte) 4);
            assertThat(decode(lt, v6)).isEqualTo(Status.PACKET);
            assertThat(event.ipVersion).isEqualTo((byte) 6);
        }
        assertThat(decode(228, v4)).isEqualTo(Status.PACKET);
        assertThat(decode(229, v6)).isEqualTo(Status.PACKET);
        assertThat(decode(228, v6)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason()).isEqualTo("IP version 6 where IPv4 was announced");
    }

    @Test
    void bsdLoopbackFamilyInEitherByteOrder() {
        byte[] v6 = FrameBuilder.empty().ipv6(6, 64).tcp(80, 1, 2, 3, 0x12, 4).build();
        for (int family : new int[] {24, 28, 30}) {
            byte[] little = FrameBuilder.empty().bytes(family, 0, 0, 0).bytes(v6).build();
            byte[] big = FrameBuilder.empty().bytes(0, 0, 0, family).bytes(v6).build();
            assertThat(decode(0, little)).isEqualTo(Status.PACKET);
            assertThat(event.srcPort).isEqualTo(80);
            assertThat(decode(108, big)).isEqualTo(Status.PACKET);
            assertThat(event.dstIp).containsExactly(SERVER6);
        }
        byte[] v4 = FrameBuilder.empty().bytes(0, 0, 0, 2).ipv4(17, 1, 64, 0).udp(5, 6).build();
        assertThat(decode(0, v4)).isEqualTo(Status.PACKET);
        byte[] appletalk = FrameBuilder.empty().bytes(16, 0, 0, 0).payload(20, 0).build();
        assertThat(decode(0, appletalk)).isEqualTo(Status.NOT_IP);
    }

    @Test
    void unsupportedLinkTypeNamesIt() {
        assertThat(decode(105, new byte[40])).isEqualTo(Status.UNSUPPORTED_LINK_TYPE);
        assertThat(decoder.reason()).isEqualTo("unsupported link type 105");
    }

    @Test
    void ipv4OptionsAreSkipped() {
        byte[] frame =
                ethernet(0x0800).ipv4WithOptions(17, 3, 2).udp(1111, 2222).payload(10, 0).build();
        assertThat(decode(1, frame)).isEqualTo(Status.PACKET);
        assertThat(event.srcPort).isEqualTo(1111);
        assertThat(event.payloadLen).isEqualTo(10);
    }

    @Test
    void ipv6ExtensionHeaderChain() {
        byte[] frame =
                ethernet(0x86dd)
                        .ipv6(0, 64)
                        .ipv6Extension(43, 0) // hop-by-hop, 8 bytes
                        .ipv6Extension(60, 2) // routing, 24 bytes
                        .ipv6Extension(51, 0) // destination options -> AH
                        .bytes(6, 4, 0, 0) // AH: next TCP, (4+2)*4 = 24 bytes
                        .payload(20, 0)
                        .tcp(443, 50000, 10, 20, 0x10, 30)
                        .payload(5, 0)
                        .build();
        assertThat(decode(1, frame)).isEqualTo(Status.PACKET);
        assertThat(event.proto).isEqualTo(PacketEvent.PROTO_TCP);
        assertThat(event.srcPort).isEqualTo(443);
        assertThat(event.tcpAck).isEqualTo(20);
        assertThat(event.payloadLen).isEqualTo(5);
        assertThat(event.ipId).isEqualTo(-1);
    }

    @Test
    void ipv6EspAndNoNextHeaderEndTheChain() {
        byte[] esp = ethernet(0x86dd).ipv6(50, 64).payload(40, 0).build();
        assertThat(decode(1, esp)).isEqualTo(Status.PACKET);
        assertThat(event.proto).isEqualTo((byte) 50);
        assertThat(event.srcPort).isZero();
        assertThat(event.payloadLen).isEqualTo(40);
        byte[] none = ethernet(0x86dd).ipv6(0, 64).ipv6Extension(59, 0).build();
        assertThat(decode(1, none)).isEqualTo(Status.PACKET);
        assertThat(event.proto).isEqualTo((byte) 59);
        assertThat(event.payloadLen).isZero();
    }

    @Test
    void ipv4FragmentsInheritPortsFromTheFirstFragment() {
        byte[] first =
                ethernet(0x0800)
                        .ipv4(17, 0x4242, 64, 0x2000) // MF, offset 0
                        .udp(5353, 53)
                        .payload(1472, 0)
                        .build();
        byte[] second =
                ethernet(0x0800).ipv4(17, 0x4242, 64, 0x2000 | 185).payload(1480, 1).build();
        byte[] last = ethernet(0x0800).ipv4(17, 0x4242, 64, 370).payload(100, 2).build();
        byte[] orphan = ethernet(0x0800).ipv4(17, 0x4343, 64, 370).payload(100, 2).build();

        assertThat(decode(1, first)).isEqualTo(Status.PACKET);
        assertThat(event.flags).isEqualTo(PacketEvent.FLAG_FRAGMENT);
        assertThat(event.fragmentOffset).isZero();
        assertThat(event.srcPort).isEqualTo(5353);

        assertThat(decode(1, second)).isEqualTo(Status.PACKET);
        assertThat(event.fragmentOffset).isEqualTo(1480);
        assertThat(event.flags).isEqualTo(PacketEvent.FLAG_FRAGMENT);
        assertThat(event.srcPort).isEqualTo(5353);
        assertThat(event.dstPort).isEqualTo(53);
        assertThat(event.payloadLen).isEqualTo(1480);

        assertThat(decode(1, last)).isEqualTo(Status.PACKET);
        assertThat(event.fragmentOffset).isEqualTo(2960);
        assertThat(event.dstPort).isEqualTo(53);

        assertThat(decode(1, orphan)).isEqualTo(Status.PACKET);
        assertThat(event.flags)
                .isEqualTo((byte) (PacketEvent.FLAG_FRAGMENT | PacketEvent.FLAG_NO_PORTS));
        assertThat(event.srcPort).isZero();
    }

    @Test
    void ipv6FragmentHeaderGivesIdAndOffset() {
        byte[] first =
                ethernet(0x86dd)
                        .ipv6(44, 64)
                        .ipv6Fragment(17, 0, true, 0xdeadbeef)
                        .udp(53, 40000)
                        .payload(1224, 0)
                        .build();
        byte[] next =
                ethernet(0x86dd)
                        .ipv6(44, 64)
                        .ipv6Fragment(17, 1232, false, 0xdeadbeef)
                        .payload(300, 0)
                        .build();
        assertThat(decode(1, first)).isEqualTo(Status.PACKET);
        assertThat(event.ipId).isEqualTo(0xdeadbeef);
        assertThat(event.proto).isEqualTo(PacketEvent.PROTO_UDP);
        assertThat(event.payloadLen).isEqualTo(1224);
        assertThat(decode(1, next)).isEqualTo(Status.PACKET);
        assertThat(event.fragmentOffset).isEqualTo(1232);
        assertThat(event.srcPort).isEqualTo(53);
        assertThat(event.dstPort).isEqualTo(40000);
        assertThat(event.payloadLen).isEqualTo(300);
        assertThat(event.flags).isEqualTo(PacketEvent.FLAG_FRAGMENT);
    }

    @Test
    void icmpPortsFollowCommunityId() {
        byte[] echo = ethernet(0x0800).ipv4(1, 1, 64, 0).icmp(8, 0, 7, 1).payload(56, 0).build();
        decode(1, echo);
        assertThat(event.srcPort).isEqualTo(8);
        assertThat(event.dstPort).isZero();
        assertThat(event.payloadLen).isEqualTo(56);
        long request = event.payloadDigest;
        byte[] reply = ethernet(0x0800).ipv4(1, 1, 64, 0).icmp(0, 0, 7, 1).payload(56, 0).build();
        decode(1, reply);
        assertThat(event.srcPort).isZero();
        assertThat(event.dstPort).isEqualTo(8);
        assertThat(event.payloadDigest).isNotEqualTo(request);

        byte[] unreachable = ethernet(0x0800).ipv4(1, 1, 64, 0).icmp(3, 3, 0, 0).build();
        decode(1, unreachable);
        assertThat(event.srcPort).isEqualTo(3);
        assertThat(event.dstPort).isEqualTo(3);

        byte[] neighbor = ethernet(0x86dd).ipv6(58, 255).icmp(135, 0, 0, 0).build();
        decode(1, neighbor);
        assertThat(event.proto).isEqualTo(PacketEvent.PROTO_ICMPV6);
        assertThat(event.srcPort).isEqualTo(135);
        assertThat(event.dstPort).isEqualTo(136);
        byte[] tooBig = ethernet(0x86dd).ipv6(58, 64).icmp(2, 0, 0, 1280).build();
        decode(1, tooBig);
        assertThat(event.dstPort).isZero();
    }

    @Test
    void truncatedTcpHeaderStillYieldsAnEventWithPortsAndSeq() {
        byte[] full = tcpSyn();
        int cut = 14 + 20 + 10; // ports, seq and half of the ack
        assertThat(decoder.decode(1, full, 0, cut, event)).isEqualTo(Status.PACKET);
        assertThat(event.flags).isEqualTo(PacketEvent.FLAG_TRUNCATED);
        assertThat(event.tcpSeq).isEqualTo(0xfffffff0L);
        assertThat(event.tcpAck).isZero();
        assertThat(event.tcpFlags).isZero();
        assertThat(event.payloadLen).isZero();

        assertThat(decoder.decode(1, full, 0, 14 + 20 + 7, event)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason())
                .isEqualTo(
                        "truncated TCP header: 7 bytes captured, ports and sequence number need 8");
    }

    @Test
    void payloadLengthComesFromIpHeaderNotSnapLength() {
        byte[] frame =
                ethernet(0x0800)
                        .ipv4(6, 1, 64, 0)
                        .tcp(1, 2, 3, 4, 0x10, 5)
                        .payload(1400, 0)
                        .build();
        assertThat(decoder.decode(1, frame, 0, 128, event)).isEqualTo(Status.PACKET);
        assertThat(event.payloadLen).isEqualTo(1400);
        assertThat(event.flags).isZero();
    }

    @Test
    void malformedReasonsNameLayerAndPosition() {
        assertThat(decoder.decode(1, tcpSyn(), 0, 8, event)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason()).isEqualTo("truncated Ethernet header: 8 of 14 bytes captured");

        assertThat(decoder.decode(1, tcpSyn(), 0, 30, event)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason())
                .isEqualTo("truncated IPv4 header at byte 14: 16 of 20 bytes captured");

        byte[] cutTag = ethernet(0x8100).bytes(0, 1).build();
        assertThat(decode(1, cutTag)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason()).isEqualTo("truncated VLAN tag at byte 14");

        byte[] badLength = ethernet(0x0800).ipv4(6, 1, 64, 0).ipLength(12).build();
        assertThat(decode(1, badLength)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason()).isEqualTo("IPv4 total length 12 < header length 20");

        byte[] cutExtension =
                ethernet(0x86dd).ipv6(0, 64).bytes(6, 3).payload(10, 0).ipLength(32).build();
        assertThat(decode(1, cutExtension)).isEqualTo(Status.MALFORMED);
        assertThat(decoder.reason()).isEqualTo("IPv6 extension header 0 at byte 54 is cut off");
    }

    @Test
    void decodeAtAnOffsetInsideALargerBuffer() {
        byte[] frame = tcpSyn();
        byte[] buf = new byte[frame.length + 100];
        System.arraycopy(frame, 0, buf, 37, frame.length);
        assertThat(decoder.decode(1, buf, 37, frame.length, event)).isEqualTo(Status.PACKET);
        assertThat(event.dstPort).isEqualTo(8080);
        assertThat(event.tcpFlags).isEqualTo(PacketEvent.TCP_SYN);
    }

    @Test
    void reusedEventIsFullyOverwritten() {
        decode(1, tcpSyn());
        byte[] udp = ethernet(0x86dd).ipv6(17, 9).udp(7, 8).build();
        decode(1, udp);
        assertThat(event.tcpSeq).isZero();
        assertThat(event.tcpFlags).isZero();
        assertThat(event.tcpWindow).isZero();
        assertThat(event.ipId).isEqualTo(-1);
        assertThat(event.srcIp).hasSize(16);
    }
}
