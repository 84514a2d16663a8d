package io.phalanx.core.ladder;

import java.util.List;

/**
 * One conversation as a ladder diagram: one lane per capture point (in the order the originator's
 * packets pass them) and, per packet copy, where and when it was seen. Times are milliseconds since
 * the conversation's first sighting, on the reference clock (each capture point's recorded time
 * corrected by its clock offset).
 *
 * @param lanes capture point ids, left to right: the originator's side first
 * @param originNanos the reference-clock instant that time 0 stands for (ns since the epoch)
 * @param packets every copy of every packet of the conversation, by first sighting
 */
public record Ladder(
        String communityId,
        String orig,
        String resp,
        List<String> lanes,
        long originNanos,
        List<LadderPacket> packets) {

    /** Copies that stopped before the last capture point on their way. */
    public long lostPackets() {
        return packets.stream().filter(LadderPacket::lost).count();
    }

    public long retransmissions() {
        return packets.stream().filter(LadderPacket::retransmission).count();
    }
}
