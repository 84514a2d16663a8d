package io.phalanx.core.slo;

import java.util.List;
import java.util.Locale;

/**
 * The priority of an incident: a level, the score it came from, the rules version that produced it,
 * and every term of the score so a human can check (and dispute) the arithmetic.
 */
public record Priority(Level level, double score, String rulesVersion, List<ScoreTerm> terms) {

    /** P1 is the most urgent. */
    public enum Level {
        P1,
        P2,
        P3,
        P4,
        P5
    }

    /**
     * One term of the score: {@code points = weight * factor}, with {@code basis} saying in words
     * and numbers how the factor (0..1) was computed.
     */
    public record ScoreTerm(
            String name, double weight, double factor, double points, String basis) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s: %.1f points = weight %.1f x %.3f (%s)",
                    name,
                    points,
                    weight,
                    factor,
                    basis);
        }
    }

    public Priority {
        terms = List.copyOf(terms);
    }

    /** One line per term, then the total, for incident descriptions and logs. */
    public List<String> explanation() {
        List<String> lines = new java.util.ArrayList<>();
        for (ScoreTerm t : terms) {
            lines.add(t.toString());
        }
        lines.add(
                String.format(
                        Locale.ROOT,
                        "score %.1f -> %s (rules version %s)",
                        score,
                        level,
                        rulesVersion));
        return List.copyOf(lines);
    }

    /** The term named {@code name}. */
    public ScoreTerm term(String name) {
        return terms.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no term " + name));
    }
}
