package io.phalanx.core.slo;

import java.time.Duration;
import java.util.Optional;

/**
 * The error budget of an SLO over its rolling window: {@code (1 - objective)} of the window's
 * events may be bad.
 *
 * <p>{@code remaining} is {@code 1 - bad / ((1 - objective) * total)}: 1 with no bad events, 0 when
 * exactly the allowance is spent, negative when overspent (kept, not clamped, so "how far over"
 * stays visible). A window without events has spent nothing: remaining 1.
 *
 * @param window counts over the SLO window
 */
public record ErrorBudget(double objective, Duration sloWindow, WindowCounts window) {

    public double allowedBadEvents() {
        return (1 - objective) * window.total();
    }

    /** Fraction of the budget left; see the class comment for the edge cases. */
    public double remaining() {
        return window.total() == 0 ? 1 : 1 - window.bad() / allowedBadEvents();
    }

    public boolean exhausted() {
        return remaining() <= 0;
    }

    /**
     * When the budget runs out if the SLI keeps burning at {@code burnRate}: a burn rate of 1
     * spends a whole budget in one SLO window, so the remaining fraction lasts {@code remaining *
     * sloWindow / burnRate}. Linear, like the Workbook's reasoning: it ignores that old bad events
     * also age out of a rolling window, so it errs towards "sooner". Empty when the SLI is not
     * burning (rate NaN or <= 0); {@link Duration#ZERO} when the budget is already spent.
     */
    public Optional<Duration> timeToExhaustion(double burnRate) {
        if (exhausted()) {
            return Optional.of(Duration.ZERO);
        }
        if (!(burnRate > 0)) {
            return Optional.empty();
        }
        double seconds = remaining() * sloWindow.toSeconds() / burnRate;
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
