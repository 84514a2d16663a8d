package io.phalanx.core.stitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.core.packet.IpAddresses;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Declared paths: which capture points traffic from one address range to another passes, in order.
 * Without a topology every path is discovered from the data; with one, the declared order is used
 * and traffic seen where the topology does not expect it is reported. File format (JSON):
 *
 * <pre>{@code
 * {"paths": [
 *   {"from": "10.77.1.0/24", "to": "10.77.3.0/24", "capturePoints": ["hop1", "hop2", "hop3", "hop4"]},
 *   {"from": "10.77.3.0/24", "to": "10.77.1.0/24", "capturePoints": ["hop4", "hop3", "hop2", "hop1"]}
 * ]}
 * }</pre>
 *
 * {@code from}/{@code to} are an address or a CIDR prefix (IPv4 or IPv6); the first matching path
 * wins.
 */
public final class Topology implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One declared path. */
    public record DeclaredPath(Prefix from, Prefix to, List<String> capturePoints)
            implements Serializable {
        public DeclaredPath {
            capturePoints = List.copyOf(capturePoints);
        }
    }

    /** An address prefix. */
    public record Prefix(byte[] network, int bits) implements Serializable {
        public static Prefix parse(String text) {
            int slash = text.indexOf('/');
            byte[] net = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
            return new Prefix(net, bits);
        }

        public boolean contains(byte[] addr) {
            if (addr.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((addr[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<DeclaredPath> paths;

    public Topology(List<DeclaredPath> paths) {
        this.paths = List.copyOf(paths);
    }

    public List<DeclaredPath> paths() {
        return paths;
    }

    /** Reads and validates a topology file; errors name the file and the offending entry. */
    public static Topology read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    /**
     * Reads and validates a topology document that did not come from a file (the REST ingest
     * gateway); {@code source} names it in error messages.
     */
    public static Topology parse(String json, String source) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IOException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        return parse(root, source);
    }

    private static Topology parse(JsonNode root, String file) throws IOException {
        if (root == null || !root.path("paths").isArray()) {
            throw new IOException(file + ": expected an object with a \"paths\" array");
        }
        List<DeclaredPath> paths = new ArrayList<>();
        int i = 0;
        for (JsonNode p : root.get("paths")) {
            String where = file + ": paths[" + i++ + "]";
            try {
                List<String> cps = new ArrayList<>();
                for (JsonNode cp : p.path("capturePoints")) {
                    cps.add(cp.asText());
                }
                if (cps.size() < 1 || !p.hasNonNull("from") || !p.hasNonNull("to")) {
                    throw new IllegalArgumentException(
                            "needs \"from\", \"to\" and a non-empty \"capturePoints\" array");
                }
                if (new HashSet<>(cps).size() != cps.size()) {
                    throw new IllegalArgumentException("lists a capture point twice: " + cps);
                }
                paths.add(
                        new DeclaredPath(
                                Prefix.parse(p.get("from").asText()),
                                Prefix.parse(p.get("to").asText()),
                                cps));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
        return new Topology(paths);
    }

    /** Fails when a declared path names a capture point the replay does not have. */
    public void validateAgainst(Collection<String> capturePoints) {
        Set<String> known = new HashSet<>(capturePoints);
        for (DeclaredPath p : paths) {
            for (String cp : p.capturePoints()) {
                if (!known.contains(cp)) {
                    throw new IllegalArgumentException(
                            "topology path names capture point '"
                                    + cp
                                    + "', which is not among the captures "
                                    + capturePoints);
                }
            }
        }
    }

    /** The declared capture points from {@code src} to {@code dst}, in travel order. */
    public Optional<List<String>> pathFor(byte[] src, byte[] dst) {
        for (DeclaredPath p : paths) {
            if (p.from().contains(src) && p.to().contains(dst)) {
                return Optional.of(p.capturePoints());
            }
        }
        return Optional.empty();
    }
}
