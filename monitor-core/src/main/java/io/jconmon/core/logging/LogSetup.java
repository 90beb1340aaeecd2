package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.config.LogTarget;
import io.jconmon.core.config.MonitorConfig;
import io.jconmon.spi.LogDriver;
import io.jconmon.spi.LogDriverException;
import io.jconmon.spi.LogDriverFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the command line's log settings into open drivers, before the container starts, so a bad
 * path or option stops the container with a clear message (conmon-interface.md §1.3 step 14).
 *
 * <p>conmon's own flags become driver options here ({@code --log-size-max} is k8s-file's
 * {@code max-size}, ...); {@code --log-opt driver.key=value} adds or overrides options.
 */
public final class LogSetup {
    private LogSetup() {}

    /**
     * Opens every selected driver. On failure the drivers opened so far are closed again.
     *
     * @param logOpts {@code --log-opt} values, {@code driver.key=value}
     * @throws LogDriverException with the message to show the engine
     */
    public static LogFanout open(MonitorConfig config, List<String> logOpts, DriverRegistry registry,
                                 Diagnostics diagnostics) throws LogDriverException {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (LogTarget target : config.logTargets()) {
            switch (target.driver()) {
                case LogTarget.NONE, LogTarget.PASSTHROUGH -> { } // no driver: §5.4, §5.5
                case LogTarget.K8S_FILE -> options.put(target.driver(), k8sFileOptions(config, target));
                case LogTarget.JOURNALD -> {
                    Map<String, String> o = new LinkedHashMap<>();
                    if (config.noContainerPartialMessage()) {
                        o.put("partial-message", "false");
                    }
                    options.put(target.driver(), o);
                }
                default -> options.put(target.driver(), pathOption(target));
            }
        }
        for (String opt : logOpts) {
            applyLogOpt(opt, options);
        }

        ContainerDescription container = ContainerDescription.of(config);
        List<LogFanout.OpenDriver> open = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, String>> e : options.entrySet()) {
                String name = e.getKey();
                LogDriverFactory factory = registry.find(name);
                if (factory == null) {
                    // A plugins.d driver that cannot be used: the message names the plugin and the cause.
                    throw new LogDriverException(name.equals(LogTarget.JOURNALD)
                            ? "Include journald in compilation path to log to systemd journal"
                            : registry.unavailableMessage(name));
                }
                for (String key : e.getValue().keySet()) {
                    if (!factory.optionNames().contains(key)) {
                        throw new LogDriverException("log driver " + name + " has no option " + key
                                + " (it accepts " + String.join(", ", factory.optionNames()) + ")");
                    }
                }
                HostDriverContext context = new HostDriverContext(name, diagnostics);
                LogDriver driver = factory.open(container, Map.copyOf(e.getValue()), context);
                open.add(new LogFanout.OpenDriver(name, driver, context));
            }
        } catch (LogDriverException | RuntimeException ex) {
            for (LogFanout.OpenDriver d : open) {
                d.driver.close();
            }
            throw ex;
        }
        return new LogFanout(open, diagnostics);
    }

    private static Map<String, String> k8sFileOptions(MonitorConfig config, LogTarget target) {
        Map<String, String> o = pathOption(target);
        if (config.logSizeMax() > 0) {
            o.put("max-size", Long.toString(config.logSizeMax()));
        }
        if (config.logGlobalSizeMax() > 0) {
            o.put("global-max-size", Long.toString(config.logGlobalSizeMax()));
        }
        if (config.noSyncLog()) {
            o.put("sync-on-close", "false");
        }
        // conmon 2.2's rotation (§5.2.6): backups instead of truncation.
        if (config.logRotate()) {
            o.put("rotate", "true");
            o.put("max-files", Integer.toString(config.logMaxFiles()));
        }
        if (!config.logAllowlistDirs().isEmpty()) {
            o.put("allowlist-dir", String.join(":", config.logAllowlistDirs().stream().map(Object::toString).toList()));
        }
        return o;
    }

    private static Map<String, String> pathOption(LogTarget target) {
        Map<String, String> o = new LinkedHashMap<>();
        if (target.path() != null) {
            o.put("path", target.path());
        }
        return o;
    }

    private static void applyLogOpt(String opt, Map<String, Map<String, String>> options)
            throws LogDriverException {
        int dot = opt.indexOf('.');
        int eq = opt.indexOf('=');
        if (dot <= 0 || eq < dot + 2) {
            throw new LogDriverException("--log-opt " + opt + ": expected DRIVER.KEY=VALUE");
        }
        String driver = opt.substring(0, dot);
        Map<String, String> forDriver = options.get(driver);
        if (forDriver == null) {
            throw new LogDriverException("--log-opt " + opt + ": log driver " + driver + " is not selected (use -l)");
        }
        forDriver.put(opt.substring(dot + 1, eq), opt.substring(eq + 1));
    }
}
