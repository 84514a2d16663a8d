package io.phalanx.jobs.cli;

import io.phalanx.simulation.GeneratedShowcase;
import io.phalanx.simulation.Scenario;
import io.phalanx.simulation.Showcase;
import io.phalanx.simulation.Simulate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phalanx simulate}: writes synthetic multi-hop capture sets to replay. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate synthetic multi-hop captures of a scenario, ready to replay.",
            "",
            "A deterministic capture set (hop1..hop4 on a client -- r1 -- r2 -- server chain) for a",
            "named scenario, with its ground truth. Synthetic data only: nothing here touches a",
            "real network."
        },
        footer = {
            "",
            "Example:",
            "  phalanx simulate --scenario loss-2pct-hop1-hop2 --out out/sim",
            "  phalanx simulate --showcase all --out out/sim"
        })
public final class SimulateCommand implements Callable<Integer> {
    @Option(
            names = "--scenario",
            paramLabel = "NAME|all",
            description = "The scenario, or all of them (see --list).")
    String scenario;

    @Option(
            names = "--showcase",
            paramLabel = "NAME|all",
            description =
                    "A showcase (see --list): captures plus metrics, logs, deploys, impact and"
                            + " topology side files.")
    String showcase;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Directory for the sets (one subdirectory each).")
    Path out;

    @Option(names = "--seed", description = "Seed (default: the scenario's own).")
    Long seed;

    @Option(
            names = "--duration",
            defaultValue = "1",
            paramLabel = "SECONDS",
            description = "Simulated seconds of traffic (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(
            names = "--pcapng",
            description = "Also write merged.pcapng, interfaces named hop1..hop4.")
    boolean pcapng;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Override
    public Integer call() throws Exception {
        if (list) {
            for (Scenario s : Scenario.values()) {
                System.out.printf("%-34s %s%n", s.id(), s.description());
            }
            for (Showcase s : Showcase.values()) {
                System.out.printf("%-42s %s%n", s.id(), s.description());
            }
            return 0;
        }
        if (showcase != null && scenario == null && out != null) {
            return showcases();
        }
        if (scenario == null || out == null) {
            throw new IllegalArgumentException(
                    "--scenario (or --showcase) and --out are required (or --list)");
        }
        if (duration <= 0) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        List<Scenario> chosen =
                scenario.equals("all")
                        ? List.of(Scenario.values())
                        : List.of(Scenario.byId(scenario));
        for (Scenario s : chosen) {
            Path dir = out.resolve(s.id());
            Simulate.GeneratedSet set =
                    Simulate.GeneratedSet.generate(
                            s, seed == null ? s.defaultSeed() : seed, duration, dir, pcapng);
            System.err.printf("%s: %s%n", s.id(), dir);
            StringBuilder replay = new StringBuilder("  ./phalanx replay");
            set.pcaps()
                    .forEach(
                            (cp, file) ->
                                    replay.append(" --capture ")
                                            .append(cp)
                                            .append('=')
                                            .append(file));
            System.err.println(replay);
        }
        return 0;
    }

    private int showcases() throws java.io.IOException {
        List<Showcase> chosen =
                showcase.equals("all")
                        ? List.of(Showcase.values())
                        : List.of(Showcase.byId(showcase));
        for (Showcase s : chosen) {
            GeneratedShowcase g =
                    GeneratedShowcase.generate(
                            s, seed == null ? s.defaultSeed() : seed, out.resolve(s.id()), pcapng);
            Path d = g.dir();
            System.err.printf("%s: %s%n", s.id(), d);
            StringBuilder replay = new StringBuilder("  ./phalanx replay");
            g.pcaps()
                    .forEach(
                            (cp, file) ->
                                    replay.append(" --capture ")
                                            .append(cp)
                                            .append('=')
                                            .append(file));
            replay.append(" --topology ").append(d.resolve(GeneratedShowcase.TOPOLOGY));
            System.err.println(replay);
            if (s == Showcase.LAUNCH_3X) {
                System.err.printf(
                        "  ./phalanx twin --history %s --topology %s --scale 3x --slo %s"
                                + " --compare-observed %s%n",
                        d.resolve(GeneratedShowcase.HISTORY_1X),
                        d.resolve(GeneratedShowcase.TOPOLOGY),
                        d.resolve(GeneratedShowcase.SLO),
                        d.resolve(GeneratedShowcase.OBSERVED_3X));
            }
        }
        return 0;
    }
}
