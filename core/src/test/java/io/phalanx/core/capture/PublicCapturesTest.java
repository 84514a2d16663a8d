package io.phalanx.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.packet.IpAddresses;
import io.phalanx.core.packet.PacketEvent;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every file of pcaps-public (see SOURCES.md there) either parses or is rejected with a clear
 * reason. Counts are those of tshark/capinfos for the same files, minus non-IP frames.
 */
class PublicCapturesTest extends CaptureReaderTestBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, IP packets, non-IP frames, dead letters, tcp, udp, icmp
        "gopacket__le-test901.pcapng, 1, 0, 1, 0, 1, 0",
        "gopacket__test_loopback.pcap, 24, 0, 0, 24, 0, 0",
        "pcapngtest__be-difficult-test202.pcapng, 8, 0, 0, 0, 8, 0",
        "tcpdump__802.1ad_QinQ.pcap, 0, 2, 0, 0, 0, 0",
        "tcpdump__LINKTYPE_RAW_ipv4.pcap, 1, 0, 0, 0, 1, 0",
        "tcpdump__empty.pcapng, 0, 0, 0, 0, 0, 0",
        "tcpdump__ipv4_tcp_http_xml_tso.pcap, 1, 0, 0, 1, 0, 0",
        "tcpdump__mptcp-v1.pcap, 20, 0, 0, 20, 0, 0",
        "tcpdump__tcp-handshake-nano.pcap, 3, 0, 0, 3, 0, 0",
        "tcpdump__tcp_rst_data-trunc.pcap, 1, 0, 0, 1, 0, 0",
        "tcpdump__timestamp_invalid_nano.pcap, 1, 0, 2, 1, 0, 0",
        "zeek__http-vlan-0.pcap, 14, 0, 0, 14, 0, 0",
        "zeek__ipv4-fragmented-3.pcap, 5, 0, 0, 5, 0, 0",
        "zeek__ipv6-fragmented-dns.pcap, 8, 0, 0, 0, 8, 0",
        "zeek__linux_dlt_sll2.pcap, 4, 2, 0, 0, 0, 4",
        "zeek__mixed-vlan-mpls.pcap, 47, 0, 0, 47, 0, 0",
        "zeek__pcapng-multi-interface.pcapng, 6, 0, 0, 0, 6, 0",
        "zeek__tcp-handshake-reorder.pcap, 14, 0, 0, 14, 0, 0",
        "zeek__tcp-retransmit-fast009.pcap, 39, 0, 0, 39, 0, 0",
        "zeek__trunc-hdr.pcap, 0, 0, 1, 0, 0, 0",
    })
    void counts(String file, int packets, int nonIp, int deadLetters, int tcp, int udp, int icmp)
            throws Exception {
        Result r = readPublic(file);
        assertThat(r.packets).hasSize(packets);
        assertThat(r.reader.nonIpFrames()).isEqualTo(nonIp);
        assertThat(r.deadLetters).hasSize(deadLetters);
        assertThat(r.packets.stream().filter(p -> p.proto == PacketEvent.PROTO_TCP)).hasSize(tcp);
        assertThat(r.packets.stream().filter(p -> p.proto == PacketEvent.PROTO_UDP)).hasSize(udp);
        assertThat(r.packets.stream().filter(p -> p.proto == 1 || p.proto == 58)).hasSize(icmp);
    }

    @Test
    void everyPublicFileIsCovered() throws Exception {
        try (var files = Files.list(PUBLIC)) {
            assertThat(files.filter(f -> !f.toString().endsWith(".md"))).hasSize(20);
        }
    }

    @Test
    void pcapngSecondSectionWithUnsupportedVersion() throws Exception {
        Result r = readPublic("gopacket__le-test901.pcapng");
        assertThat(r.packets)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(IpAddresses.format(p.srcIp)).isEqualTo("0.0.0.0");
                            assertThat(p.srcPort).isEqualTo(68);
                            assertThat(p.dstPort).isEqualTo(67);
                            assertThat(p.ipId).isEqualTo(43062);
                        });
        assertThat(r.deadLetters)
                .containsExactly(
                        new DeadLetter(
                                "gopacket__le-test901.pcapng",
                                "pub",
                                480,
                                "unsupported pcapng version 2.0; rest of file skipped"));
    }

    @Test
    void bigEndianMultiSectionPcapngKeepsSectionLocalInterfaces() throws Exception {
        Result r =
                read(
                        Files.newInputStream(
                                PUBLIC.resolve("pcapngtest__be-difficult-test202.pcapng")),
                        "test202",
                        "fallback",
                        true);
        // capinfos: section 1 has eth0 and null1, section 2 starts with "silly ethernet interface
        // 2".
        assertThat(r.packets)
                .extracting(p -> p.capturePoint)
                .containsExactly(
                        "eth0",
                        "eth0",
                        "null1",
                        "silly ethernet interface 2",
                        "silly ethernet interface 2",
                        "silly ethernet interface 2",
                        "silly ethernet interface 2",
                        "null1");
        assertThat(r.packets.get(2).srcPort).isEqualTo(17500); // over the NULL link type
        assertThat(r.packets.get(2).tsNanos).isEqualTo(1_340_954_905_301_858_000L);
        assertThat(r.packets.get(3).tsNanos).isZero(); // a simple packet block
        assertThat(r.packets.get(5).ipId).isEqualTo(43063);
    }

    @Test
    void truncatedEthernetHeader() throws Exception {
        Result r = readPublic("zeek__trunc-hdr.pcap");
        assertThat(r.deadLetters)
                .containsExactly(
                        new DeadLetter(
                                "zeek__trunc-hdr.pcap",
                                "pub",
                                24,
                                "truncated Ethernet header: 8 of 14 bytes captured"));
    }

    @Test
    void invalidNanosecondFractions() throws Exception {
        Result r = readPublic("tcpdump__timestamp_invalid_nano.pcap");
        assertThat(r.packets)
                .singleElement()
                .extracting(p -> p.tsNanos)
                .isEqualTo(1_418_145_369_999_999_999L);
        assertThat(r.deadLetters)
                .extracting(d -> d.offset + " " + d.reason)
                .containsExactly(
                        "116 invalid timestamp: fraction 1000000000 ns >= 1 s",
                        "208 invalid timestamp: fraction 2147483648 ns >= 1 s");
    }

    @Test
    void ipv4FragmentsOfOneSegmentShareItsPorts() throws Exception {
        Result r = readPublic("zeek__ipv4-fragmented-3.pcap");
        assertThat(r.packets)
                .extracting(p -> p.fragmentOffset)
                .containsExactly(0, 1480, 2960, 4440, 5920);
        assertThat(r.packets)
                .allSatisfy(
                        p -> {
                            assertThat(p.srcPort).isEqualTo(1265);
                            assertThat(p.dstPort).isEqualTo(21);
                            assertThat(p.ipId).isEqualTo(19397);
                            assertThat(p.flags).isEqualTo(PacketEvent.FLAG_FRAGMENT);
                        });
        assertThat(r.packets.get(0).tcpSeq).isEqualTo(2_223_892_736L);
    }

    @Test
    void ipv6FragmentWithoutItsFirstFragmentHasNoPorts() throws Exception {
        Result r = readPublic("zeek__ipv6-fragmented-dns.pcap");
        PacketEvent orphan = r.packets.get(3);
        assertThat(orphan.ipId).isEqualTo(1);
        assertThat(orphan.fragmentOffset).isEqualTo(2896);
        assertThat(orphan.flags)
                .isEqualTo((byte) (PacketEvent.FLAG_FRAGMENT | PacketEvent.FLAG_NO_PORTS));
        assertThat(r.packets.subList(5, 8))
                .allSatisfy(
                        p -> {
                            assertThat(p.ipId).isEqualTo(2);
                            assertThat(p.srcPort).isEqualTo(53);
                            assertThat(p.dstPort).isEqualTo(51851);
                        });
        assertThat(r.packets.subList(5, 8))
                .extracting(p -> p.fragmentOffset)
                .containsExactly(0, 1432, 2864);
    }

    @Test
    void snapLengthCutsPayloadNotLengths() throws Exception {
        PacketEvent rst = readPublic("tcpdump__tcp_rst_data-trunc.pcap").packets.get(0);
        assertThat(IpAddresses.format(rst.srcIp)).isEqualTo("199.204.31.89");
        assertThat(rst.tcpFlags).isEqualTo(PacketEvent.TCP_RST | PacketEvent.TCP_ACK);
        assertThat(rst.payloadLen).isEqualTo(58);
        assertThat(rst.capturedLen).isLessThan(rst.wireLen);
        assertThat(rst.flags).isZero();

        PacketEvent tso = readPublic("tcpdump__ipv4_tcp_http_xml_tso.pcap").packets.get(0);
        assertThat(tso.payloadLen).isEqualTo(1976);
        assertThat(tso.dstPort).isEqualTo(8080);
    }

    @Test
    void linkTypesNullSllSll2RawAndVlanMpls() throws Exception {
        PacketEvent loop = readPublic("gopacket__test_loopback.pcap").packets.get(0);
        assertThat(IpAddresses.format(loop.srcIp)).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(loop.dstPort).isEqualTo(8080);
        assertThat(loop.tcpSeq).isEqualTo(144_119_398L);

        Result sll2 = readPublic("zeek__linux_dlt_sll2.pcap");
        assertThat(sll2.packets)
                .extracting(p -> p.proto + ":" + p.srcPort + ">" + p.dstPort)
                .containsExactly("1:8>0", "1:0>8", "58:128>129", "58:129>128");

        PacketEvent raw = readPublic("tcpdump__LINKTYPE_RAW_ipv4.pcap").packets.get(0);
        assertThat(IpAddresses.format(raw.dstIp)).isEqualTo("9.9.9.9");
        assertThat(raw.srcPort).isEqualTo(12345);

        Result mixed = readPublic("zeek__mixed-vlan-mpls.pcap");
        assertThat(mixed.packets.get(0).tcpFlags).isEqualTo(PacketEvent.TCP_SYN);
        assertThat(IpAddresses.format(mixed.packets.get(0).dstIp)).isEqualTo("10.34.0.1");

        Result nano = readPublic("tcpdump__tcp-handshake-nano.pcap");
        assertThat(nano.packets).extracting(p -> p.tcpFlags).containsExactly(0x02, 0x12, 0x10);
    }
}
