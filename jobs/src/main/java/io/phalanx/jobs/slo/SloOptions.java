package io.phalanx.jobs.slo;

import io.phalanx.core.capture.DeadLetter;
import io.phalanx.core.config.ConfigFileException;
import io.phalanx.core.events.EventJson;
import io.phalanx.core.events.ImpactUpdate;
import io.phalanx.core.events.JsonLinesFile;
import io.phalanx.core.events.MetricSample;
import io.phalanx.jobs.slo.records.ImpactRecord;
import io.phalanx.jobs.slo.records.MetricPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the replay's SLO pipeline runs with: the validated SLO files and prioritisation rules, the
 * metrics and business-impact side files (read and checked at start; unusable lines become dead
 * letters), and how long a recovered incident stays in the ranking.
 *
 * @param catalog SLOs and rules; empty means no SLO pipeline at all
 * @param metrics the {@code --metrics} samples, empty without the file
 * @param impacts the {@code --impact} records, empty without the file
 * @param deadLetters unusable lines of both side files (also impact records whose customer tier the
 *     rules do not know)
 * @param incidentCloseAfter an incident closes once no alert of its SLO has fired for this long
 */
public record SloOptions(
        SloCatalog catalog,
        List<MetricPoint> metrics,
        List<ImpactRecord> impacts,
        List<DeadLetter> deadLetters,
        Duration incidentCloseAfter) {

    public static final Duration DEFAULT_INCIDENT_CLOSE_AFTER = Duration.ofHours(1);

    public SloOptions {
        metrics = List.copyOf(metrics);
        impacts = List.copyOf(impacts);
        deadLetters = List.copyOf(deadLetters);
        if (incidentCloseAfter.isNegative()) {
            throw new IllegalArgumentException("incident close-after must be >= 0");
        }
    }

    /** No SLOs: the replay builds no SLO operators. */
    public static SloOptions none() {
        return new SloOptions(
                SloCatalog.empty(), List.of(), List.of(), List.of(), DEFAULT_INCIDENT_CLOSE_AFTER);
    }

    public boolean enabled() {
        return !catalog.isEmpty();
    }

    /**
     * Reads and validates everything; throws {@link ConfigFileException} ({@code file:line:
     * reason}) for an unusable SLO or rules file, and {@link IllegalArgumentException} for side
     * files given without any SLO.
     */
    public static SloOptions load(
            List<Path> sloFiles,
            Path rulesFile,
            Path metricsFile,
            Path impactFile,
            Duration incidentCloseAfter)
            throws ConfigFileException, IOException {
        if (sloFiles.isEmpty()) {
            if (rulesFile != null || impactFile != null) {
                throw new IllegalArgumentException(
                        "--prioritization and --impact need at least one --slo file");
            }
            return none();
        }
        SloCatalog catalog = SloCatalog.load(sloFiles, rulesFile);
        List<DeadLetter> dead = new ArrayList<>();
        List<MetricPoint> metrics = new ArrayList<>();
        if (metricsFile != null) {
            // The replay's incident side feeds read the same file and report its dead letters.
            List<DeadLetter> reportedElsewhere = new ArrayList<>();
            for (MetricSample s :
                    JsonLinesFile.read(
                            metricsFile, "metrics", EventJson::metric, reportedElsewhere::add)) {
                metrics.add(MetricPoint.of(s));
            }
        }
        List<ImpactRecord> impacts = new ArrayList<>();
        if (impactFile != null) {
            long line = 0;
            for (ImpactUpdate u :
                    JsonLinesFile.read(impactFile, "impact", EventJson::impact, dead::add)) {
                line++;
                if (!catalog.rules().customerTiers().containsKey(u.customerTier())) {
                    dead.add(
                            new DeadLetter(
                                    impactFile.toString(),
                                    "impact",
                                    0,
                                    "record "
                                            + line
                                            + " ("
                                            + u.service()
                                            + "): customer tier '"
                                            + u.customerTier()
                                            + "' is not in the prioritization rules "
                                            + catalog.rules().customerTiers().keySet()));
                    continue;
                }
                impacts.add(ImpactRecord.of(u));
            }
        }
        return new SloOptions(
                catalog,
                metrics,
                impacts,
                dead,
                incidentCloseAfter == null ? DEFAULT_INCIDENT_CLOSE_AFTER : incidentCloseAfter);
    }
}
