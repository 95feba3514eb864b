package io.clientele.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clientele} launcher. Commands that run the nightly job start the Spring Boot
 * application; {@code query} does not need it and answers at once.
 */
@Command(
        name = "clientele",
        mixinStandardHelpOptions = true,
        versionProvider = ClienteleCli.ManifestVersion.class,
        description = "Nightly customer-analytics warehouse: CSV or PostgreSQL extracts in, "
                + "a DuckDB file of star schema and metric marts out.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            BackfillCommand.class,
            CheckMappingCommand.class,
            QueryCommand.class,
            StatusCommand.class,
            ForgetCommand.class,
            DashboardCommand.class,
            DocsCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ClienteleCli implements Runnable {

    /** The version the jar's manifest carries (the Maven project's); "development build" when run from classes. */
    static final class ManifestVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ClienteleCli.class.getPackage().getImplementationVersion();
            return new String[] {"clientele " + (version == null ? "(development build)" : version)};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ClienteleCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("clientele: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** The most telling message of a failure, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null
                && (t.getMessage() == null || t instanceof org.springframework.beans.BeansException)) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
