package io.phalanx.jobs.slo.records;

import io.phalanx.core.events.ImpactUpdate;
import io.phalanx.core.slo.ServiceImpact;

/** {@link ImpactUpdate} as a Flink POJO: a service's business impact from a time on. */
public class ImpactRecord {
    public long timestampMillis;
    public String service;
    public double revenuePerMinute;
    public String customerTier;
    public long usersAffected;

    public ImpactRecord() {}

    public static ImpactRecord of(ImpactUpdate u) {
        ImpactRecord r = new ImpactRecord();
        r.timestampMillis = u.timestampMillis();
        r.service = u.service();
        r.revenuePerMinute = u.revenuePerMinute();
        r.customerTier = u.customerTier();
        r.usersAffected = u.usersAffected();
        return r;
    }

    public ServiceImpact impact() {
        return new ServiceImpact(revenuePerMinute, customerTier, usersAffected);
    }
}
