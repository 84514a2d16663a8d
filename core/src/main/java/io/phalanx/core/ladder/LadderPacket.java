package io.phalanx.core.ladder;

import java.util.List;

/**
 * One copy of one packet on a ladder.
 *
 * @param dir {@code orig} (originator to responder, left to right) or {@code resp}
 * @param flags TCP flags in tcpdump letters ({@code S}, {@code SA}, {@code PA}, ...), empty for
 *     other protocols
 * @param seq relative TCP sequence number (from the direction's first segment), 0 otherwise
 * @param sightings where the copy was seen, in lane order along its direction of travel
 * @param lost seen at some capture point on its way but not at the last one: the arrow stops
 * @param retransmission TCP data (or SYN/FIN) whose sequence range this direction had already sent
 */
public record LadderPacket(
        int index,
        String dir,
        String flags,
        long seq,
        int payloadLen,
        int wireLen,
        List<LadderSighting> sightings,
        boolean lost,
        boolean retransmission) {}
