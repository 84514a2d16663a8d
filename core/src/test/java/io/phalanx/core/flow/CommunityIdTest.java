package io.phalanx.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.phalanx.core.packet.IpAddresses;
import org.junit.jupiter.api.Test;

/**
 * Expected values were computed by an independent implementation: Wireshark's tshark 4.0.17 ({@code
 * tshark --enable-protocol communityid -T fields -e communityid}) on the bundled samples.
 */
class CommunityIdTest {
    private static byte[] ip(String s) {
        return IpAddresses.parse(s);
    }

    @Test
    void tcpMatchesWiresharkInBothDirections() {
        String id = "1:Nr7y8Qg1x7o2yxp1sX7wf6CC/v4=";
        assertThat(CommunityId.v1(ip("10.77.1.2"), 44984, ip("10.77.3.2"), 8080, 6)).isEqualTo(id);
        assertThat(CommunityId.v1(ip("10.77.3.2"), 8080, ip("10.77.1.2"), 44984, 6)).isEqualTo(id);
    }

    @Test
    void udpMatchesWireshark() {
        assertThat(CommunityId.v1(ip("10.77.1.2"), 58354, ip("10.77.3.2"), 5201, 17))
                .isEqualTo("1:QKiIqCecvqr5XfJlNhmw3LDpetY=");
    }

    @Test
    void icmpEchoRequestAndReplyShareOneId() {
        String id = "1:xwS2okXQmti176DwQ0FTGprMo+w=";
        // echo request: type 8, counterpart 0; echo reply: type 0, counterpart 8
        assertThat(CommunityId.v1(ip("10.77.1.2"), 8, ip("10.77.3.2"), 0, 1)).isEqualTo(id);
        assertThat(CommunityId.v1(ip("10.77.3.2"), 0, ip("10.77.1.2"), 8, 1)).isEqualTo(id);
    }

    @Test
    void ipv6MatchesWireshark() {
        assertThat(CommunityId.v1(ip("::1"), 58799, ip("::1"), 8080, 6))
                .isEqualTo("1:DrvL6kiQCet+fHyhUo1q/hvD/NI=");
    }

    @Test
    void seedChangesTheHash() {
        assertThat(CommunityId.v1(ip("10.77.1.2"), 44984, ip("10.77.3.2"), 8080, 6, 1))
                .isNotEqualTo(CommunityId.v1(ip("10.77.1.2"), 44984, ip("10.77.3.2"), 8080, 6, 0));
    }
}
