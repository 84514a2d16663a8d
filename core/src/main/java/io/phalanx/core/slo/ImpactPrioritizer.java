package io.phalanx.core.slo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Scores SLO incidents by burn, budget and business impact with {@link PrioritizationRules}, and
 * ranks them. The score is a plain sum of five terms, each {@code weight * factor} with a factor
 * between 0 and 1:
 *
 * <ol>
 *   <li>{@code burn rate}: {@code min(1, currentBurnRate / burnRateAtFullWeight)};
 *   <li>{@code budget spent}: {@code 1 - budgetRemaining}, clamped to 0..1;
 *   <li>{@code revenue}: {@code min(1, revenuePerMinute / revenuePerMinuteAtFullWeight) *
 *       exposure};
 *   <li>{@code customer tier}: {@code customerTiers[tier] * exposure};
 *   <li>{@code blast radius}: {@code min(1, log10(1 + users) / log10(1 + usersAtFullWeight)) *
 *       exposure}, log-scaled because the difference between 100 and 1 000 users matters as much as
 *       between 100 000 and 1 000 000.
 * </ol>
 *
 * where {@code exposure = clamp(currentBurnRate / fullExposureBurnRate, 0, 1)}: business impact
 * counts in full while the service fails faster than its budget allows and fades as it recovers, so
 * a recovered revenue service drops below an internal tool that is still burning. The level is the
 * highest of P1..P4 whose floor the score reaches, else P5. A NaN burn rate (no traffic at all)
 * counts as 0.
 *
 * <p>Ranking is by score (highest first), then revenue per minute (higher first), then budget
 * remaining (lower first), then opening time (earlier first), then SLO name: a total order, so the
 * same incidents always rank the same way.
 */
public final class ImpactPrioritizer {
    private final PrioritizationRules rules;

    public ImpactPrioritizer(PrioritizationRules rules) {
        this.rules = rules;
    }

    /** An incident with its priority. */
    public record PrioritizedIncident(Incident incident, Priority priority) {}

    private static final Comparator<PrioritizedIncident> RANKING =
            Comparator.comparingDouble((PrioritizedIncident p) -> -p.priority().score())
                    .thenComparingDouble(p -> -p.incident().impact().revenuePerMinute())
                    .thenComparingDouble(p -> p.incident().budgetRemaining())
                    .thenComparing(p -> p.incident().openedAt())
                    .thenComparing(p -> p.incident().sloName());

    /** Scores one incident. Throws if its customer tier is not in the rules file. */
    public Priority prioritize(Incident incident) {
        PrioritizationRules.Weights w = rules.weights();
        ServiceImpact impact = incident.impact();
        Double tierFactor = rules.customerTiers().get(impact.customerTier());
        if (tierFactor == null) {
            throw new IllegalArgumentException(
                    incident.sloName()
                            + ": customer tier '"
                            + impact.customerTier()
                            + "' is not in rules version "
                            + rules.version()
                            + " (known: "
                            + rules.customerTiers().keySet()
                            + ")");
        }
        double burn =
                Double.isNaN(incident.currentBurnRate())
                        ? 0
                        : Math.max(0, incident.currentBurnRate());
        double exposure = Math.min(1, burn / rules.fullExposureBurnRate());
        String exposureText =
                String.format(
                        Locale.ROOT,
                        "exposure %.3f = min(1, burn %.2f / %s)",
                        exposure,
                        burn,
                        num(rules.fullExposureBurnRate()));

        List<Priority.ScoreTerm> terms = new ArrayList<>(5);
        double burnFactor = Math.min(1, burn / rules.burnRateAtFullWeight());
        terms.add(
                term(
                        "burn rate",
                        w.burnRate(),
                        burnFactor,
                        String.format(
                                Locale.ROOT,
                                "current burn rate %.2f of %s at full weight",
                                burn,
                                num(rules.burnRateAtFullWeight()))));
        double spent = Math.max(0, Math.min(1, 1 - incident.budgetRemaining()));
        terms.add(
                term(
                        "budget spent",
                        w.budgetSpent(),
                        spent,
                        String.format(
                                Locale.ROOT,
                                "%.1f %% of the error budget left",
                                100 * incident.budgetRemaining())));
        double revenue =
                Math.min(1, impact.revenuePerMinute() / rules.revenuePerMinuteAtFullWeight());
        terms.add(
                term(
                        "revenue",
                        w.revenue(),
                        revenue * exposure,
                        String.format(
                                Locale.ROOT,
                                "%s per minute of %s at full weight, %s",
                                num(impact.revenuePerMinute()),
                                num(rules.revenuePerMinuteAtFullWeight()),
                                exposureText)));
        terms.add(
                term(
                        "customer tier",
                        w.customerTier(),
                        tierFactor * exposure,
                        String.format(
                                Locale.ROOT,
                                "tier %s = %s, %s",
                                impact.customerTier(),
                                num(tierFactor),
                                exposureText)));
        double users =
                Math.min(
                        1,
                        Math.log10(1 + (double) impact.usersAffected())
                                / Math.log10(1 + (double) rules.usersAtFullWeight()));
        terms.add(
                term(
                        "blast radius",
                        w.blastRadius(),
                        users * exposure,
                        String.format(
                                Locale.ROOT,
                                "%d users, log scale to %d at full weight, %s",
                                impact.usersAffected(),
                                rules.usersAtFullWeight(),
                                exposureText)));

        double score = 0;
        for (Priority.ScoreTerm t : terms) {
            score += t.points();
        }
        return new Priority(level(score), score, rules.version(), terms);
    }

    /** Scores and ranks incidents, most urgent first; see the class comment for tie-breaks. */
    public List<PrioritizedIncident> rank(List<Incident> incidents) {
        List<PrioritizedIncident> ranked = new ArrayList<>(incidents.size());
        for (Incident i : incidents) {
            ranked.add(new PrioritizedIncident(i, prioritize(i)));
        }
        ranked.sort(RANKING);
        return List.copyOf(ranked);
    }

    private Priority.Level level(double score) {
        for (Priority.Level level : Priority.Level.values()) {
            Double floor = rules.levelFloors().get(level);
            if (floor != null && score >= floor) {
                return level;
            }
        }
        return Priority.Level.P5;
    }

    private static Priority.ScoreTerm term(
            String name, double weight, double factor, String basis) {
        return new Priority.ScoreTerm(name, weight, factor, weight * factor, basis);
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }
}
