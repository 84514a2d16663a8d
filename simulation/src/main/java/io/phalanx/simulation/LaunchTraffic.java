package io.phalanx.simulation;

import io.phalanx.core.events.MetricSample;
import io.phalanx.core.twin.DiscreteEventSimulator;
import io.phalanx.core.twin.QueueingStation;
import io.phalanx.core.twin.ServiceTopology;
import io.phalanx.core.twin.SimulationPlan;
import io.phalanx.core.twin.SimulationResult;
import io.phalanx.core.twin.TwinHistory;
import io.phalanx.core.twin.WhatIfScenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-minute KPIs of the shop ({@link ShopEnvironment#trueShop()}) at a load multiplier, measured
 * request by request by the core's {@link DiscreteEventSimulator}, not computed by the queueing
 * formulas the twin uses: so a twin calibrated on the ×1 history and asked about ×3 is checked
 * against an independent ×3 "observation".
 *
 * <p>Minute i's class rates are the base rates × multiplier × (1 + 0.05 sin(2πi/minutes)) × (1 ± 3
 * % from the seed). Each minute is its own simulation (seed from (seed, multiplier, minute)): 120 s
 * of warm-up discarded (30 s left a station near ρ 0.9 short of steady state, its observed waits
 * biased low), then 60 s measured; the minute reports what those 60 s measured. Same seed, same
 * KPIs, byte for byte.
 */
public final class LaunchTraffic {
    static final double WARMUP_SECONDS = 120;
    static final double MEASURED_SECONDS = 60;

    private LaunchTraffic() {}

    /** Class rates of minute {@code i}, requests per second. */
    static Map<String, Double> classRates(long seed, double multiplier, int minute, int minutes) {
        double shape = 1 + 0.05 * Math.sin(2 * Math.PI * minute / minutes);
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put(
                "browse",
                ShopEnvironment.BROWSE_RATE * multiplier * shape * noise(seed, minute, 1));
        rates.put("buy", ShopEnvironment.BUY_RATE * multiplier * shape * noise(seed, minute, 2));
        return rates;
    }

    private static double noise(long seed, int minute, int series) {
        return 1
                + 0.03 * (2 * (PacketDice.hash(seed, minute, series, 0x1a) >>> 11) * 0x1.0p-53 - 1);
    }

    /** The history of {@code minutes} minutes from {@code startMillis} at {@code multiplier}. */
    public static TwinHistory history(long seed, double multiplier, long startMillis, int minutes) {
        ServiceTopology shop = ShopEnvironment.trueShop();
        List<TwinHistory.Minute> out = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            WhatIfScenario s =
                    WhatIfScenario.baseline()
                            .withClassRates(classRates(seed, multiplier, i, minutes));
            long simSeed = PacketDice.hash(seed, Double.doubleToLongBits(multiplier), i);
            SimulationResult r =
                    new DiscreteEventSimulator(shop, s)
                            .run(new SimulationPlan(simSeed, WARMUP_SECONDS, MEASURED_SECONDS, 4));
            Map<String, TwinHistory.ServiceMinute> services = new TreeMap<>();
            for (QueueingStation st : shop.services().values()) {
                String n = st.name();
                services.put(
                        n,
                        new TwinHistory.ServiceMinute(
                                r.arrivalRate(n),
                                r.meanResponse(n).mean(),
                                r.percentile(n, 0.50),
                                r.percentile(n, 0.99),
                                r.utilisation(n).mean(),
                                st.servers()));
            }
            Map<String, TwinHistory.ClassMinute> classes = new TreeMap<>();
            for (String c : shop.requestClasses().keySet()) {
                classes.put(
                        c,
                        new TwinHistory.ClassMinute(
                                r.completed(c) / MEASURED_SECONDS,
                                r.meanLatency(c).mean(),
                                r.latencyPercentile(c, 0.99)));
            }
            out.add(new TwinHistory.Minute(startMillis + i * 60_000L, services, classes));
        }
        return TwinHistory.of(out);
    }

    /** The history as metric samples (the metrics feed), minute by minute. */
    public static List<MetricSample> metrics(TwinHistory history) {
        List<MetricSample> out = new ArrayList<>();
        for (TwinHistory.Minute m : history.minutes()) {
            m.services().forEach((s, v) -> out.addAll(TwinHistory.metrics(m.startMillis(), s, v)));
            m.classes().forEach((c, v) -> out.addAll(TwinHistory.metrics(m.startMillis(), c, v)));
        }
        return out;
    }
}
