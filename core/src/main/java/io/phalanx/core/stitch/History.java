package io.phalanx.core.stitch;

/**
 * Zeek's connection history letters (upper case for the originator, lower case for the responder;
 * each recorded once per direction, in order of first occurrence).
 */
public enum History {
    SYN('S'),
    SYN_ACK('H'),
    ACK('A'),
    DATA('D'),
    FIN('F'),
    RST('R'),
    RETRANSMISSION('T'),
    ZERO_WINDOW('W');

    private final char letter;

    History(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    int bit() {
        return 1 << ordinal();
    }

    static boolean has(int mask, History h) {
        return (mask & h.bit()) != 0;
    }
}
