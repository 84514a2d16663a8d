package io.phalanx.functions.messages;

/**
 * One minute of a service's observed KPIs, calibration input of the {@code twin} function (id: the
 * service). {@code
 * {"v":1,"service":"checkout","minuteStartMillis":1764115200000,"requestRate":10,"latencyMeanSeconds":0.05,"latencyP99Seconds":0.2,"utilisation":0.2,"servers":2}}
 * Unreported figures are null (read as NaN); a later sample for the same minute replaces it.
 */
public record TwinSample(
        int v,
        String service,
        long minuteStartMillis,
        double requestRate,
        Double latencyMeanSeconds,
        Double latencyP99Seconds,
        Double utilisation,
        Double servers) {}
