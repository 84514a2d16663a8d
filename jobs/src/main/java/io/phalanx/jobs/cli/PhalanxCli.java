package io.phalanx.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code phalanx} command line. */
@Command(
        name = "phalanx",
        mixinStandardHelpOptions = true,
        versionProvider = PhalanxCli.Version.class,
        description = "Phalanx SRE: stitched multi-hop packet analysis on Apache Flink.",
        subcommands = {
            ReplayCommand.class,
            RunCommand.class,
            PublishCommand.class,
            SimulateCommand.class,
            TwinCommand.class,
            IngestCommand.class,
            CaptureCommand.class,
            BattlemapCommand.class,
            RemediationCommand.class,
            AlertsCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PhalanxCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PhalanxCli());
        cl.setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                    cmd.getErr().println("phalanx: " + rootMessage(ex));
                    return 2;
                });
        return cl;
    }

    static String rootMessage(Throwable t) {
        if (t instanceof IllegalArgumentException
                || t instanceof java.io.IOException
                || t instanceof io.phalanx.core.config.ConfigFileException
                || t instanceof ReplayCommand.ReplayFailedException) {
            return t.getMessage();
        }
        return deepestMessage(t);
    }

    /** The message of the innermost cause: what actually went wrong, not how it surfaced. */
    static String deepestMessage(Throwable t) {
        Throwable c = t;
        String message = t.toString();
        while (c != null) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
            c = c.getCause() == c ? null : c.getCause();
        }
        return message;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PhalanxCli.class.getPackage().getImplementationVersion();
            return new String[] {"phalanx " + (v == null ? "dev" : v) + ", Apache Flink 2.2"};
        }
    }
}
