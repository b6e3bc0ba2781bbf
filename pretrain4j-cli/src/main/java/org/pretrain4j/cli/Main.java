package org.pretrain4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the {@code pretrain4j} command. */
@Command(name = "pretrain4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Image classification and self-supervised pre-training on the JVM, configured like mmpretrain.",
        subcommands = {TrainCommand.class, TestCommand.class, PredictCommand.class, ExtractCommand.class,
                KnnCommand.class, RetrieveCommand.class, SearchCommand.class, ListCommand.class,
                DescribeCommand.class, PrintConfigCommand.class, BuildCommand.class, BenchmarkCommand.class,
                ConvertCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for a usage or config error, as picocli uses for usage errors. */
    static final int EXIT_CONFIG = 2;
    /** Exit code for any other failure. */
    static final int EXIT_FAILURE = 1;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean debug;

    @Option(names = "--plugins-dir", scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "A plugins directory: one sub-directory of jars per plugin. Repeatable; adds to "
                    + "PRETRAIN4J_PLUGINS. Default: ./plugins if it exists.")
    List<Path> pluginDirs = new ArrayList<>();

    private Main() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line without exiting, for tests.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        // Enum options are lower case in mmpretrain's tools (--from torchvision, --arch mobilenet_v2).
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, main.debug, err));
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Turns an exception into one or two lines on stderr and an exit code. */
    private static int report(Exception e, boolean debug, PrintWriter err) {
        int code;
        if (e instanceof ConfigException) {
            err.println("config error: " + e.getMessage());
            code = EXIT_CONFIG;
        } else if (e instanceof Pretrain4jException) {
            err.println("error: " + e.getMessage());
            code = EXIT_FAILURE;
        } else {
            err.println("internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            code = EXIT_FAILURE;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pretrain4j " + (v == null ? "(development build)" : v)};
        }
    }
}
