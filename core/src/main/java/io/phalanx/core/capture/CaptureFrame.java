package io.phalanx.core.capture;

/**
 * One captured frame as a view into the reader's buffer, reused for every record so that reading
 * allocates nothing per packet. The bytes {@code buf[offset, offset + capturedLen)} are only valid
 * until the next call on the reader; copy them if they must outlive it.
 *
 * <p>{@code linkType} is a LINKTYPE_ value (1 Ethernet, 113 Linux SLL, ...). For pcapng the
 * interface fields name the Interface Description Block the frame came from; {@code interfaceIndex}
 * counts IDBs within the current section, as the format does.
 */
public final class CaptureFrame {
    public byte[] buf;
    public int offset;
    public int capturedLen;
    public int wireLen;
    public long tsNanos;
    public int linkType;

    /** Length of a frame check sequence at the end of the frame, if the file declares one. */
    public int fcsLen;

    /** Index of the pcapng interface within its section; 0 for pcap. */
    public int interfaceIndex;

    /** pcapng {@code if_name}, or null (always null for pcap). */
    public String interfaceName;

    /** 0-based number of the pcapng section; 0 for pcap. */
    public int section;

    /** Byte offset of the record (pcap) or block (pcapng) in the file. */
    public long fileOffset;

    @Override
    public String toString() {
        return "frame@"
                + fileOffset
                + " linkType="
                + linkType
                + " if="
                + interfaceIndex
                + (interfaceName == null ? "" : "(" + interfaceName + ")")
                + " caplen="
                + capturedLen
                + " len="
                + wireLen
                + " ts="
                + tsNanos;
    }
}
