package io.jconmon.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host's own logging settings, read from a file by every monitor: the only way a Podman 4.3 host
 * (which passes conmon only the flags it knows) can give every container an extra log driver or
 * driver options.
 *
 * <p>The file is {@value #DEFAULT_PATH}, or the one named by the environment variable
 * {@value #ENV} (set it through containers.conf's {@code conmon_env_vars}); {@code JCONMON_CONFIG=}
 * (empty) reads none. A missing default file is no error; a missing named file is. Format: one
 * {@code key = value} per line, {@code #} starts a comment, keys may repeat:
 * <pre>
 * log-driver = json-file:{log_dir}/ctr.json     # an extra driver for every container (-l syntax)
 * log-opt    = json-file.max-size=10m           # a default driver option (--log-opt syntax)
 * plugins-dir = /usr/local/lib/jconmon/plugins.d
 * </pre>
 *
 * @param source the file read, or null when there was none
 * @param logDrivers extra {@code NAME:ARG} drivers for every container (not for exec sessions)
 * @param logOpts default {@code DRIVER.KEY=VALUE} options; the command line's {@code --log-opt} wins
 * @param pluginsDir the plugin directory, or null for the default
 */
public record HostConfig(Path source, List<String> logDrivers, List<String> logOpts, Path pluginsDir) {
    public static final String DEFAULT_PATH = "/etc/jconmon/jconmon.conf";
    public static final String ENV = "JCONMON_CONFIG";
    /** No file: nothing added. */
    public static final HostConfig NONE = new HostConfig(null, List.of(), List.of(), null);

    public HostConfig {
        logDrivers = List.copyOf(logDrivers);
        logOpts = List.copyOf(logOpts);
    }

    /** Reads the file the environment names, or the default one if it exists. */
    public static HostConfig load(Map<String, String> env) throws HostConfigException {
        String named = env.get(ENV);
        if (named != null) {
            return named.isEmpty() ? NONE : read(Path.of(named), true);
        }
        return read(Path.of(DEFAULT_PATH), false);
    }

    static HostConfig read(Path file, boolean mustExist) throws HostConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new HostConfigException(file + ": no such file (named by " + ENV + ")");
            }
            return NONE;
        } catch (IOException e) {
            throw new HostConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file, lines);
    }

    static HostConfig parse(Path file, List<String> lines) throws HostConfigException {
        List<String> drivers = new ArrayList<>();
        List<String> opts = new ArrayList<>();
        Path pluginsDir = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new HostConfigException(where + "expected KEY = VALUE, got: " + line);
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw new HostConfigException(where + key + " has no value");
            }
            switch (key) {
                case "log-driver" -> {
                    if (value.indexOf(':') <= 0) {
                        throw new HostConfigException(where + "log-driver must be NAME:ARG, got: " + value);
                    }
                    drivers.add(value);
                }
                case "log-opt" -> {
                    if (LogOpt.parse(value) == null) {
                        throw new HostConfigException(where + "log-opt must be DRIVER.KEY=VALUE, got: " + value);
                    }
                    opts.add(value);
                }
                case "plugins-dir" -> pluginsDir = Path.of(value);
                default -> throw new HostConfigException(where + "unknown key " + key
                        + " (known: log-driver, log-opt, plugins-dir)");
            }
        }
        return new HostConfig(file, drivers, opts, pluginsDir);
    }

    // A '#' starts a comment unless it is inside a value such as a URL fragment: only at the start
    // of a line or after whitespace.
    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
