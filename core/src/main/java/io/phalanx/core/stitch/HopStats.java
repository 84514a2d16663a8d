package io.phalanx.core.stitch;

/** One conversation as one capture point saw it. Flink POJO. */
public class HopStats {
    /** Packets per canonical direction (0 = a->b, 1 = b->a). */
    public long[] packets = new long[2];

    /**
     * First SYN, SYN-ACK and handshake-completing ACK as seen here, or {@link
     * PendingPacket#UNSEEN}.
     */
    public long synTs = PendingPacket.UNSEEN;

    public long synAckTs = PendingPacket.UNSEEN;
    public long ackTs = PendingPacket.UNSEEN;

    public HopStats() {}

    public long totalPackets() {
        return packets[0] + packets[1];
    }
}
