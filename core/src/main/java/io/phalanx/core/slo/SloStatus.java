package io.phalanx.core.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation of one SLO (see {@link SloEvaluator}).
 *
 * @param alerts one evaluation per configured burn-rate pair, in definition order
 * @param budget the error budget over the SLO window
 * @param projectionBurnRate burn rate over the projection window (1 h by default); NaN when empty
 * @param currentBurnRate burn rate over the shortest alert window (5 m by default), or the
 *     projection burn rate when that window has fewer than the minimum events
 * @param timeToExhaustion when the budget runs out at {@code projectionBurnRate}; empty when not
 *     burning, zero when already spent
 */
public record SloStatus(
        String sloName,
        String service,
        Instant at,
        List<MultiWindowBurnRateAlert.Evaluation> alerts,
        ErrorBudget budget,
        double projectionBurnRate,
        double currentBurnRate,
        Optional<Duration> timeToExhaustion) {

    /** True while at least one pair fires. */
    public boolean firing() {
        return alerts.stream().anyMatch(MultiWindowBurnRateAlert.Evaluation::firing);
    }

    /** The evaluation of the pair named {@code ruleName}. */
    public MultiWindowBurnRateAlert.Evaluation alert(String ruleName) {
        return alerts.stream()
                .filter(e -> e.rule().name().equals(ruleName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no alert rule " + ruleName));
    }
}
