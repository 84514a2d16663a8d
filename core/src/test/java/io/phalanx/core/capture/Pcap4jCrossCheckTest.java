package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.packet.PacketDecoder;
import io.phalanx.core.packet.PacketEvent;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/**
 * Our reader and decoder against an independent implementation: libpcap (through pcap4j) frames the
 * file and stamps the times, pcap4j's static packet factory decodes the layers. Packet by packet,
 * every field both sides know must agree; layers pcap4j cannot decode (MPLS, SLL2) are compared
 * only as far as pcap4j got. Each case states how many packets must have been compared at IP level,
 * so the test cannot pass by comparing nothing.
 */
class Pcap4jCrossCheckTest {

    @BeforeAll
    static void pointJnaAtLibpcap() {
        // Debian's runtime package ships libpcap.so.0.8 only; the unversioned name is in -dev.
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8");
        if (System.getProperty("org.pcap4j.core.pcapLibName") == null && Files.exists(lib)) {
            System.setProperty("org.pcap4j.core.pcapLibName", lib.toString());
        }
        // pcap4j maps BSD loopback families with the host's AF_INET6 (10 on Linux); the loopback
        // sample was written on macOS (30). Read once, when pcap4j's factories initialise.
        System.setProperty("org.pcap4j.af.inet6", "30");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "samples/baseline/hop1.pcap, 18774",
        "samples/baseline/hop2.pcap, 18774",
        "samples/baseline/hop3.pcap, 18774",
        "samples/baseline/hop4.pcap, 18774",
        "samples/delay-40ms-fwd-r2-server/hop1.pcap, 20935",
        "samples/delay-40ms-fwd-r2-server/hop2.pcap, 20935",
        "samples/delay-40ms-fwd-r2-server/hop3.pcap, 20935",
        "samples/delay-40ms-fwd-r2-server/hop4.pcap, 20935",
        "samples/loss-3pct-fwd-r1-r2/hop1.pcap, 20805",
        "samples/loss-3pct-fwd-r1-r2/hop2.pcap, 20289",
        "samples/loss-3pct-fwd-r1-r2/hop3.pcap, 20289",
        "samples/loss-3pct-fwd-r1-r2/hop4.pcap, 20289",
        "public/gopacket__test_loopback.pcap, 24",
        "public/tcpdump__LINKTYPE_RAW_ipv4.pcap, 1",
        "public/tcpdump__ipv4_tcp_http_xml_tso.pcap, 1",
        "public/tcpdump__mptcp-v1.pcap, 20",
        "public/tcpdump__tcp-handshake-nano.pcap, 3",
        "public/tcpdump__tcp_rst_data-trunc.pcap, 1",
        "public/zeek__http-vlan-0.pcap, 14",
        "public/zeek__ipv4-fragmented-3.pcap, 5",
        "public/zeek__ipv6-fragmented-dns.pcap, 8",
        "public/zeek__linux_dlt_sll2.pcap, 0", // pcap4j 1.8 does not know SLL2
        "public/zeek__mixed-vlan-mpls.pcap, 36", // MPLS-labelled frames are opaque to pcap4j
        "public/zeek__pcapng-multi-interface.pcapng, 6",
        "public/zeek__tcp-handshake-reorder.pcap, 14",
        "public/zeek__tcp-retransmit-fast009.pcap, 39",
        "public/gopacket__le-test901.pcapng, 1",
    })
    void sameFieldsAsPcap4j(String file, int expectedCompared) throws Exception {
        Path path = resolve(file);
        List<Packet> theirs = new ArrayList<>();
        List<Long> theirTimes = new ArrayList<>();
        try (PcapHandle handle =
                Pcaps.openOffline(path.toString(), PcapHandle.TimestampPrecision.NANO)) {
            for (; ; ) {
                Packet p;
                try {
                    p = handle.getNextPacketEx();
                } catch (EOFException end) {
                    break;
                } catch (org.pcap4j.core.PcapNativeException readError) {
                    break; // libpcap stops where we dead-letter the rest (test901)
                }
                java.sql.Timestamp ts = handle.getTimestamp();
                theirs.add(p);
                theirTimes.add(ts.getTime() / 1000 * 1_000_000_000L + ts.getNanos());
            }
        }

        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int frames = 0;
        PacketDecoder decoder = new PacketDecoder();
        PacketEvent ours = new PacketEvent();
        try (CaptureFileReader reader =
                CaptureFileReader.open(
                        new BufferedInputStream(Files.newInputStream(path)), file, "x", d -> {})) {
            CaptureFrame f = new CaptureFrame();
            while (reader.nextFrame(f)) {
                int i = frames++;
                assertThat(i).as("more frames than libpcap").isLessThan(theirs.size());
                if (f.tsNanos != theirTimes.get(i)) {
                    mismatches.add(i + ": ts " + f.tsNanos + " vs " + theirTimes.get(i));
                }
                PacketDecoder.Status s =
                        decoder.decode(f.linkType, f.buf, f.offset, f.capturedLen, ours);
                if (compare(i, s, ours, theirs.get(i), mismatches)) {
                    compared++;
                }
            }
        }
        assertThat(frames).isEqualTo(theirs.size());
        assertThat(mismatches).isEmpty();
        assertThat(compared).isEqualTo(expectedCompared);
    }

    /** Returns whether pcap4j decoded an IP layer that was compared. */
    private static boolean compare(
            int i, PacketDecoder.Status s, PacketEvent ours, Packet theirs, List<String> out) {
        IpV4Packet v4 = theirs.get(IpV4Packet.class);
        IpV6Packet v6 = theirs.get(IpV6Packet.class);
        if (v4 == null && v6 == null) {
            return false;
        }
        String at = i + ": ";
        if (s != PacketDecoder.Status.PACKET) {
            out.add(at + "pcap4j found IP, we said " + s);
            return true;
        }
        InetAddress src;
        InetAddress dst;
        int proto;
        boolean laterFragment;
        if (v4 != null) {
            IpV4Packet.IpV4Header h = v4.getHeader();
            src = h.getSrcAddr();
            dst = h.getDstAddr();
            proto = h.getProtocol().value() & 0xff;
            laterFragment = h.getFragmentOffset() != 0;
            check(out, at + "ipId", h.getIdentificationAsInt(), ours.ipId);
            check(out, at + "ttl", h.getTtlAsInt(), ours.ttl);
            check(
                    out,
                    at + "fragment offset",
                    (h.getFragmentOffset() & 0x1fff) * 8,
                    ours.fragmentOffset);
        } else {
            IpV6Packet.IpV6Header h = v6.getHeader();
            src = h.getSrcAddr();
            dst = h.getDstAddr();
            IpV6ExtFragmentPacket frag = theirs.get(IpV6ExtFragmentPacket.class);
            check(
                    out,
                    at + "ipId",
                    frag == null ? -1 : frag.getHeader().getIdentification(),
                    ours.ipId);
            laterFragment = frag != null && frag.getHeader().getFragmentOffset() != 0;
            proto = frag != null ? frag.getHeader().getNextHeader().value() & 0xff : -1;
            check(out, at + "hop limit", h.getHopLimitAsInt(), ours.ttl);
        }
        check(out, at + "src", src, addr(ours.srcIp));
        check(out, at + "dst", dst, addr(ours.dstIp));
        if (proto >= 0) {
            check(out, at + "proto", proto, ours.proto & 0xff);
        }
        if (laterFragment) {
            return true;
        }
        TcpPacket tcp = theirs.get(TcpPacket.class);
        UdpPacket udp = theirs.get(UdpPacket.class);
        IcmpV4CommonPacket icmp4 = theirs.get(IcmpV4CommonPacket.class);
        IcmpV6CommonPacket icmp6 = theirs.get(IcmpV6CommonPacket.class);
        if (tcp != null) {
            TcpPacket.TcpHeader t = tcp.getHeader();
            check(out, at + "proto", 6, ours.proto & 0xff);
            check(out, at + "sport", t.getSrcPort().valueAsInt(), ours.srcPort);
            check(out, at + "dport", t.getDstPort().valueAsInt(), ours.dstPort);
            check(out, at + "seq", t.getSequenceNumberAsLong(), ours.tcpSeq);
            check(out, at + "ack", t.getAcknowledgmentNumberAsLong(), ours.tcpAck);
            int flags =
                    (t.getFin() ? 1 : 0)
                            | (t.getSyn() ? 2 : 0)
                            | (t.getRst() ? 4 : 0)
                            | (t.getPsh() ? 8 : 0)
                            | (t.getAck() ? 16 : 0)
                            | (t.getUrg() ? 32 : 0);
            check(out, at + "tcp flags", flags, ours.tcpFlags & 0x3f);
            check(out, at + "window", t.getWindowAsInt(), ours.tcpWindow);
        } else if (udp != null) {
            check(out, at + "proto", 17, ours.proto & 0xff);
            check(out, at + "sport", udp.getHeader().getSrcPort().valueAsInt(), ours.srcPort);
            check(out, at + "dport", udp.getHeader().getDstPort().valueAsInt(), ours.dstPort);
        } else if (icmp4 != null) {
            check(out, at + "icmp type", icmp4.getHeader().getType().value() & 0xff, ours.srcPort);
        } else if (icmp6 != null) {
            check(out, at + "icmp6 type", icmp6.getHeader().getType().value() & 0xff, ours.srcPort);
        }
        return true;
    }

    private static InetAddress addr(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(List<String> out, String what, Object theirs, Object ours) {
        if (!String.valueOf(theirs).equals(String.valueOf(ours))) {
            out.add(what + ": pcap4j " + theirs + ", ours " + ours);
        }
    }

    private static Path resolve(String file) {
        if (file.startsWith("samples/")) {
            return SampleCaptureSetsTest.CAPTURES.resolve(file.substring("samples/".length()));
        }
        return CaptureReaderTestBase.PUBLIC.resolve(file.substring("public/".length()));
    }
}
