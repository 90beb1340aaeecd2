package io.jconmon.core.logging;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.config.HostConfig;
import io.jconmon.core.config.LogOpt;
import io.jconmon.core.config.LogTarget;
import io.jconmon.core.plugins.PluginDriverFactory;
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
     * @param host the host config file's extra drivers and default options
     * @param logOpts {@code --log-opt} values, {@code driver.key=value}
     * @throws LogDriverException with the message to show the engine
     */
    public static LogFanout open(MonitorConfig config, HostConfig host, List<String> logOpts, DriverRegistry registry,
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
        // The host's extra drivers come after the command line's; a driver the command line selects
        // already keeps its own settings. Exec sessions log only what the engine asks for.
        if (!config.exec()) {
            for (String driver : host.logDrivers()) {
                int colon = driver.indexOf(':');
                String name = driver.substring(0, colon);
                if (!options.containsKey(name)) {
                    Map<String, String> o = new LinkedHashMap<>();
                    String arg = driver.substring(colon + 1);
                    if (!arg.isEmpty()) { // "syslog:" as "-l syslog:": no path, the options say where
                        o.put("path", expand(arg, config, host));
                    }
                    options.put(name, o);
                }
            }
        }
        // Host defaults apply to the drivers in use only; the command line's options win.
        for (String opt : host.logOpts()) {
            String driver = LogOpt.parse(opt).driver(); // HostConfig checked its form
            if (options.containsKey(driver)) {
                applyLogOpt(opt, options);
            }
        }
        for (String opt : logOpts) {
            applyLogOpt(opt, options);
        }

        ContainerDescription container = ContainerDescription.of(config);
        List<DriverSlot> open = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, String>> e : options.entrySet()) {
                open.add(openOne(e.getKey(), e.getValue(), container, registry, diagnostics));
            }
        } catch (LogDriverException | RuntimeException ex) {
            for (DriverSlot d : open) {
                d.driver.close();
            }
            throw ex;
        }
        return new LogFanout(open);
    }

    private static DriverSlot openOne(String name, Map<String, String> options, ContainerDescription container,
                                      DriverRegistry registry, Diagnostics diagnostics) throws LogDriverException {
        LogDriverFactory factory = registry.find(name);
        if (factory == null) {
            throw new LogDriverException(name.equals(LogTarget.JOURNALD)
                    ? "Include journald in compilation path to log to systemd journal"
                    : registry.unavailableMessage(name));
        }
        Map<String, String> driverOptions = new LinkedHashMap<>(options);
        DeliveryOptions delivery = DeliveryOptions.extract(name, driverOptions, registry.isBuiltIn(name));
        for (String key : driverOptions.keySet()) {
            if (!factory.optionNames().contains(key)) {
                throw new LogDriverException("log driver " + name + " has no option " + key
                        + " (it accepts " + String.join(", ", factory.optionNames()) + " and the host's "
                        + DeliveryOptions.KEY_LIST + ")");
            }
        }
        HostDriverContext context = new HostDriverContext(name, diagnostics);
        LogDriver driver = factory.open(container, Map.copyOf(driverOptions), context);
        if (delivery.queued()) {
            driver = factory instanceof PluginDriverFactory p
                    ? new QueuedDriver(name, driver, delivery, context, diagnostics, p.threads().group(),
                            p.threads().contextLoader())
                    : new QueuedDriver(name, driver, delivery, context, diagnostics);
        }
        return new DriverSlot(name, driver, context, diagnostics);
    }

    /** {id}, {name} and {log_dir} (the k8s-file log's directory) in a host driver's argument. */
    private static String expand(String template, MonitorConfig config, HostConfig host) throws LogDriverException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new LogDriverException(host.source() + ": unterminated { in " + template);
            }
            out.append(template, i, open);
            String var = template.substring(open + 1, close);
            out.append(switch (var) {
                case "id" -> config.cid();
                case "name" -> config.name() == null ? config.cid() : config.name();
                case "log_dir" -> logDir(config, host, template);
                default -> throw new LogDriverException(host.source() + ": unknown variable {" + var + "} in " + template
                        + " (known: {id}, {name}, {log_dir})");
            });
            i = close + 1;
        }
        return out.toString();
    }

    private static String logDir(MonitorConfig config, HostConfig host, String template) throws LogDriverException {
        for (LogTarget t : config.logTargets()) {
            if (t.driver().equals(LogTarget.K8S_FILE) && t.path() != null) {
                java.nio.file.Path parent = java.nio.file.Path.of(t.path()).toAbsolutePath().getParent();
                return parent.toString();
            }
        }
        throw new LogDriverException(host.source() + ": " + template + " uses {log_dir}, but this container has no k8s-file log");
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
        LogOpt parsed = LogOpt.parse(opt);
        if (parsed == null) {
            throw new LogDriverException("--log-opt " + opt + ": expected DRIVER.KEY=VALUE");
        }
        Map<String, String> forDriver = options.get(parsed.driver());
        if (forDriver == null) {
            throw new LogDriverException("--log-opt " + opt + ": log driver " + parsed.driver() + " is not selected (use -l)");
        }
        forDriver.put(parsed.key(), parsed.value());
    }
}
