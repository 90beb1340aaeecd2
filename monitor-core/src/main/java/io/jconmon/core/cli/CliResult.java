package io.jconmon.core.cli;

import io.jconmon.core.config.MonitorConfig;
import java.util.List;

/** What the command line asks for. Failures are {@link CliException}s instead. */
public sealed interface CliResult {

    /** {@code --version}: print {@code text} on stdout and exit 0. */
    record Version(String text) implements CliResult {
    }

    /** {@code -h}, {@code -?}, {@code --help}, {@code --help-all}: print {@code text} on stdout and exit 0. */
    record Help(String text) implements CliResult {
    }

    /**
     * Monitor a container.
     *
     * @param config the validated configuration
     * @param logOpts jconmon's {@code --log-opt DRIVER.KEY=VALUE} values, in order, unvalidated
     * @param warnings non-fatal messages (without prefix) to report at warn level, e.g.
     *     {@code --no-container-partial-message has no effect without journald log driver}
     * @param pluginsDir jconmon's {@code --plugins-dir}, or null when not given
     */
    record Run(MonitorConfig config, List<String> logOpts, List<String> warnings, String pluginsDir)
            implements CliResult {
        public Run {
            logOpts = List.copyOf(logOpts);
            warnings = List.copyOf(warnings);
        }
    }
}
