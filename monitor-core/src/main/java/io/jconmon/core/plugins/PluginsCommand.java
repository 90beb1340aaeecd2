package io.jconmon.core.plugins;

import io.jconmon.core.config.HostConfig;
import io.jconmon.core.config.HostConfigException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code jconmon plugins list|check [DIR]}: what the plugins directory offers, and whether every
 * plugin in it loads. DIR defaults to the directory the monitor would use
 * ({@link PluginsDirectory}: {@code $JCONMON_PLUGINS_DIR}, else the installation's plugins.d).
 *
 * <p>Exit status: 0 when everything loads, 1 when {@code check} found a broken plugin or a
 * conflict, 2 on a usage error. Plain arguments, no option library: the tools dispatcher calls
 * {@link #run}.
 */
public final class PluginsCommand {
    /** Everything is fine. */
    public static final int OK = 0;
    /** {@code check} found a broken plugin or a conflict. */
    public static final int PROBLEMS = 1;
    /** The arguments were not understood, or no directory could be determined. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: jconmon plugins list|check [DIR]
              list   the log drivers that can be selected (-l NAME:ARG), built-in and from DIR,
                     and the plugins that fail to load
              check  load every plugin in DIR and report its jars, plugin.properties, drivers and
                     options, or why it fails; exit 1 if any plugin fails
            DIR defaults to $JCONMON_PLUGINS_DIR, else the installation's plugins.d.
            """;

    private PluginsCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; only {@link #main} exits. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE_TEXT);
            return OK;
        }
        if (args.length < 1 || args.length > 2 || !(args[0].equals("list") || args[0].equals("check"))) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        Path hostDir;
        try {
            hostDir = HostConfig.load(System.getenv()).pluginsDir();
        } catch (HostConfigException e) {
            err.println("jconmon plugins: " + e.getMessage());
            return USAGE;
        }
        Path dir = PluginsDirectory.resolve(args.length == 2 ? args[1] : null, hostDir);
        if (dir == null) {
            err.println("jconmon plugins: no plugins directory: give DIR or set " + PluginsDirectory.ENV);
            return USAGE;
        }
        PluginReport report = PluginReport.check(dir, PluginsCommand.class.getClassLoader());
        if (args[0].equals("list")) {
            out.print(report.renderList());
            return OK;
        }
        out.print(report.renderCheck());
        return report.allOk() ? OK : PROBLEMS;
    }
}
