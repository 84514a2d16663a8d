package io.phalanx.core.slo;

import java.time.Duration;

/**
 * One multi-window, multi-burn-rate alert of the Google SRE Workbook (chapter 5, "Alerting on
 * SLOs", approach 6): it fires while the burn rate over both the long and the short window is above
 * {@code burnRateThreshold}. The long window makes the alert significant (enough budget has gone),
 * the short window makes it reset soon after the problem stops.
 *
 * @param name stable identifier, used as the alert name and in incident keys
 * @param longWindow window that must show the burn; a multiple of the SLO's bucket
 * @param shortWindow confirmation window, shorter than {@code longWindow} (the Workbook uses 1/12)
 * @param burnRateThreshold strict lower bound: a burn rate exactly equal does not fire
 */
public record BurnRateAlertRule(
        String name,
        Severity severity,
        Duration longWindow,
        Duration shortWindow,
        double burnRateThreshold) {

    /** Who is told: a human now, or a ticket for working hours. */
    public enum Severity {
        PAGE,
        TICKET
    }

    public BurnRateAlertRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("alert rule needs a name");
        }
        if (shortWindow.isNegative()
                || shortWindow.isZero()
                || shortWindow.compareTo(longWindow) >= 0) {
            throw new IllegalArgumentException(
                    name
                            + ": short window "
                            + shortWindow
                            + " must be positive and shorter than the long window "
                            + longWindow);
        }
        if (!(burnRateThreshold > 0) || !Double.isFinite(burnRateThreshold)) {
            throw new IllegalArgumentException(name + ": burn rate threshold must be > 0");
        }
    }

    /** Page at 14.4x over 1 h confirmed by 5 m: 2 % of a 30-day budget gone in one hour. */
    public static BurnRateAlertRule workbookFastPage() {
        return new BurnRateAlertRule(
                "page-1h-5m", Severity.PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 14.4);
    }

    /** Page at 6x over 6 h confirmed by 30 m: 5 % of a 30-day budget gone in six hours. */
    public static BurnRateAlertRule workbookSlowPage() {
        return new BurnRateAlertRule(
                "page-6h-30m", Severity.PAGE, Duration.ofHours(6), Duration.ofMinutes(30), 6);
    }

    /** Ticket at 1x over 3 d confirmed by 6 h: 10 % of a 30-day budget gone in three days. */
    public static BurnRateAlertRule workbookTicket() {
        return new BurnRateAlertRule(
                "ticket-3d-6h", Severity.TICKET, Duration.ofDays(3), Duration.ofHours(6), 1);
    }
}
