package io.jconmon.tools.plugins;

import io.jconmon.core.plugins.PluginsCommand;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jconmon plugins list|check [DIR]}: the monitor's own plugin host
 * ({@link PluginsCommand}) loads every plugin in the directory the monitor would use and says what
 * it provides or why it fails. It lives in monitor-core so that the check is exactly the monitor's.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {
            "List the log drivers in plugins.d, or check that every plugin there loads.",
            "DIR defaults to the directory the monitor uses: $JCONMON_PLUGINS_DIR, else the host config"
                    + " file's plugins-dir, else the installation's plugins.d.",
            "Exit status: 0 all plugins load, 1 some plugin is broken (check), 2 usage."
        })
public final class PluginsToolCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "list|check", description = "list: every driver and its plugin; check: load and validate each plugin")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "the plugins directory")
    String dir;

    private final OutputStream out;
    private final PrintStream err;

    public PluginsToolCommand(OutputStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of(action));
        if (dir != null) {
            args.add(dir);
        }
        PrintStream printer = new PrintStream(out, false, StandardCharsets.UTF_8);
        int status = PluginsCommand.run(args.toArray(String[]::new), printer, err);
        printer.flush();
        return status;
    }
}
