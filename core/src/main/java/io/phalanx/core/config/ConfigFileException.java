package io.phalanx.core.config;

/**
 * A configuration file (SLO definitions, prioritisation or diagnosis rules) that cannot be used,
 * rejected when it is loaded (at job start) rather than when the first event arrives. Carries the
 * file name, the 1-based line of the offending YAML node (0 when the file cannot be read at all)
 * and a reason a user can act on; the message reads {@code <file>:<line>: <reason>} like a compiler
 * error.
 */
public final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    public ConfigFileException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line in the file; 0 when no line applies. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
