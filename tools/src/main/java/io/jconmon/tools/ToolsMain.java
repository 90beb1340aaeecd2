package io.jconmon.tools;

import io.jconmon.tools.logs.LogsCommand;
import io.jconmon.tools.plugins.PluginsToolCommand;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The entry point of jconmon's commands for people ({@code jconmon logs ...}, {@code jconmon plugins ...}). The launcher
 * (native-abi/src/launcher.c) starts this class instead of the monitor when its first argument
 * names a tool command, with {@code lib/tools/*.jar} on the class path; Podman never gets here.
 * Only {@link #main} calls {@link System#exit}.
 */
@Command(
        name = "jconmon",
        description = {
            "jconmon's commands for people. (Podman runs jconmon as its conmon with conmon's own options;"
                    + " these commands are separate.)"
        },
        synopsisSubcommandLabel = "COMMAND")
public final class ToolsMain {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private ToolsMain() {}

    public static void main(String[] args) {
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        System.exit(run(args, stdout, System.err));
    }

    /**
     * Runs one command.
     *
     * @param out where data goes (flushed before returning)
     * @param err where diagnostics go
     * @return the exit status ({@link ExitStatus})
     */
    public static int run(String[] args, OutputStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ToolsMain())
                .addSubcommand("logs", new LogsCommand(out, err))
                .addSubcommand("plugins", new PluginsToolCommand(out, err));
        PrintWriter errWriter = new PrintWriter(err, true);
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(errWriter);
        cli.setExitCodeExceptionMapper(e -> e instanceof ToolException t ? t.status() : ExitStatus.FAILED);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ToolException t) {
                err.println("jconmon " + command.getCommandName() + ": " + t.getMessage());
                return t.status();
            }
            // A bug: reported in one line, not as a stack trace.
            err.println("jconmon " + command.getCommandName() + ": internal error: " + e);
            return ExitStatus.FAILED;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("jconmon: " + e.getMessage());
            e.getCommandLine().usage(errWriter);
            return ExitStatus.USAGE;
        });
        if (args.length == 0) {
            cli.usage(errWriter);
            return ExitStatus.USAGE;
        }
        return cli.execute(args);
    }
}
