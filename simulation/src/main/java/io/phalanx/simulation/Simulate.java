package io.phalanx.simulation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command line: generates one or all scenarios' capture sets ({@code hop1.pcap} .. {@code
 * hop4.pcap}, {@code ground-truth.json}, optionally {@code merged.pcapng}) into {@code
 * <out>/<scenario>/}. Exit status 0 on success, 2 on a usage error, 1 on an I/O failure.
 */
public final class Simulate {
    static final String USAGE =
            """
            Usage: simulate --scenario NAME|all --out DIR [--seed N] [--duration S] [--pcapng]
                   simulate --showcase NAME|all --out DIR [--seed N] [--pcapng]
                   simulate --list
                   simulate --help

            Generates deterministic multi-hop capture sets (client -- r1 -- r2 -- server,
            capture points hop1..hop4) with their ground truth into DIR/<scenario>/.

              --scenario NAME|all  a scenario from --list, or all of them
              --showcase NAME|all  a showcase from --list (captures plus metrics, logs, deploys,
                                   impact and topology side files), or all of them
              --out DIR            output directory (created if missing)
              --seed N             seed of every random draw (default: the scenario's own);
                                   the same seed gives byte-identical files
              --duration S         seconds of bulk TCP and of UDP traffic (default 1, max 60)
              --pcapng             also write merged.pcapng (one interface per capture point)
              --list               list the scenarios and showcases and exit
              --help               show this help and exit
            """;

    private Simulate() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String scenario = null;
        String showcase = null;
        Path dir = null;
        Long seed = null;
        double duration = 1.0;
        boolean pcapng = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--list" -> {
                        list(out);
                        return 0;
                    }
                    case "--scenario" -> scenario = value(args, ++i, "--scenario");
                    case "--showcase" -> showcase = value(args, ++i, "--showcase");
                    case "--out" -> dir = Path.of(value(args, ++i, "--out"));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                    case "--duration" ->
                            duration = Double.parseDouble(value(args, ++i, "--duration"));
                    case "--pcapng" -> pcapng = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (showcase != null && scenario == null && dir != null) {
                return showcases(showcase, dir, seed, pcapng, out);
            }
            if (scenario == null || dir == null) {
                throw new IllegalArgumentException(
                        "--scenario (or --showcase) and --out are required");
            }
            if (!(duration > 0) || duration > 60) {
                throw new IllegalArgumentException("--duration must be in (0, 60] seconds");
            }
            List<Scenario> chosen = new ArrayList<>();
            if (scenario.equals("all")) {
                chosen.addAll(List.of(Scenario.values()));
            } else {
                chosen.add(Scenario.byId(scenario));
            }
            for (Scenario s : chosen) {
                long started = System.nanoTime();
                long usedSeed = seed != null ? seed : s.defaultSeed();
                GeneratedSet g =
                        GeneratedSet.generate(s, usedSeed, duration, dir.resolve(s.id()), pcapng);
                out.printf(
                        "%-32s seed %-6d %6d packets sent, %s -> %s (%.1f s)%n",
                        s.id(),
                        usedSeed,
                        g.captureSet().packetsSent(),
                        packetsPerPoint(g),
                        dir.resolve(s.id()),
                        (System.nanoTime() - started) / 1e9);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println("Try 'simulate --help'.");
            return 2;
        } catch (IOException e) {
            err.println("simulate: " + e.getMessage());
            return 1;
        }
    }

    private static int showcases(String name, Path dir, Long seed, boolean pcapng, PrintStream out)
            throws IOException {
        List<Showcase> chosen =
                name.equals("all") ? List.of(Showcase.values()) : List.of(Showcase.byId(name));
        for (Showcase s : chosen) {
            long started = System.nanoTime();
            long usedSeed = seed != null ? seed : s.defaultSeed();
            GeneratedShowcase g =
                    GeneratedShowcase.generate(s, usedSeed, dir.resolve(s.id()), pcapng);
            out.printf(
                    "%-40s seed %-6d %6d packets sent, side files -> %s (%.1f s)%n",
                    s.id(),
                    usedSeed,
                    g.captureSet().packetsSent(),
                    g.dir(),
                    (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }

    private static String packetsPerPoint(GeneratedSet g) {
        StringBuilder b = new StringBuilder();
        for (String cp : ChainTopology.CAPTURE_POINTS) {
            b.append(b.length() == 0 ? "" : " ")
                    .append(cp)
                    .append('=')
                    .append(g.captureSet().recordsAt(cp).size());
        }
        return b.toString();
    }

    private static void list(PrintStream out) {
        out.println("Scenarios (name, default seed, what it injects):");
        for (Scenario s : Scenario.values()) {
            out.printf("  %-32s %5d  %s%n", s.id(), s.defaultSeed(), s.description());
        }
        out.println("Showcases (name, default seed, what happens):");
        for (Showcase s : Showcase.values()) {
            out.printf("  %-40s %5d  %s%n", s.id(), s.defaultSeed(), s.description());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * A capture set written to disk.
     *
     * @param pcaps the classic pcap of each capture point
     * @param pcapng the merged pcapng, or null when not asked for
     */
    public record GeneratedSet(
            Scenario scenario,
            long seed,
            CaptureSet captureSet,
            Map<String, Path> pcaps,
            Path pcapng,
            Path groundTruth) {

        /** Simulates {@code scenario} and writes its files into {@code dir} (created). */
        public static GeneratedSet generate(
                Scenario scenario, long seed, double durationSeconds, Path dir, boolean pcapng)
                throws IOException {
            Files.createDirectories(dir);
            CaptureSet set = scenario.simulate(seed, durationSeconds);
            Map<String, Path> pcaps = set.writePcaps(dir);
            Path merged = pcapng ? set.writeMergedPcapng(dir.resolve("merged.pcapng")) : null;
            Path truth =
                    GroundTruth.write(GroundTruth.of(scenario, seed, durationSeconds, set), dir);
            return new GeneratedSet(scenario, seed, set, pcaps, merged, truth);
        }
    }
}
