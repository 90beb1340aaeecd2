package io.jconmon.core.cli;

import io.jconmon.core.config.LogTarget;
import java.util.ArrayList;
import java.util.List;

/** The {@code -l/--log-path} syntax, conmon-interface.md §5.1. */
final class LogPathSyntax {

    private LogPathSyntax() {
    }

    /**
     * All {@code -l} values, in order. Each driver appears once, at the position of its first mention;
     * a later k8s-file replaces the earlier one's path (conmon keeps a single k8s-file path).
     */
    static List<LogTarget> parseAll(List<String> specs) throws CliException {
        return parseAll(specs, name -> false);
    }

    /**
     * As {@link #parseAll(List)}, also accepting {@code NAME:ARG} for every driver beyond conmon's
     * that {@code otherDriver} knows (jconmon's json-file, plugins.d drivers); the ARG part reaches
     * the driver as its {@code path} option.
     */
    static List<LogTarget> parseAll(List<String> specs, java.util.function.Predicate<String> otherDriver)
            throws CliException {
        List<LogTarget> targets = new ArrayList<>();
        for (String spec : specs) {
            LogTarget t = parse(spec, otherDriver);
            int existing = indexOfDriver(targets, t.driver());
            if (existing < 0) {
                targets.add(t);
            } else if (t.driver().equals(LogTarget.K8S_FILE)) {
                targets.set(existing, t);
            }
        }
        return List.copyOf(targets);
    }

    /** One {@code -l} value, with conmon's drivers only. */
    static LogTarget parse(String spec) throws CliException {
        return parse(spec, name -> false);
    }

    /** One {@code -l} value; {@code otherDriver} tells which further driver names exist. */
    static LogTarget parse(String spec, java.util.function.Predicate<String> otherDriver) throws CliException {
        // strtok(spec, ":") twice: empty tokens are skipped, anything after the second token is dropped.
        String driver = null;
        String path = null;
        for (String token : spec.split(":")) {
            if (token.isEmpty()) {
                continue;
            }
            if (driver == null) {
                driver = token;
            } else {
                path = token;
                break;
            }
        }
        if (driver == null) {
            throw CliException.fatal("log-path must not be empty");
        }
        if (path == null && spec.startsWith(":")) {
            // ":X" names a file, even ":journald".
            return k8sFile(driver);
        }
        switch (driver) {
            case "off", "null", "none" -> {
                return new LogTarget(LogTarget.NONE, null);
            }
            case LogTarget.PASSTHROUGH -> {
                return new LogTarget(LogTarget.PASSTHROUGH, null);
            }
            case LogTarget.JOURNALD -> {
                return new LogTarget(LogTarget.JOURNALD, null);
            }
            case LogTarget.K8S_FILE -> {
                if (path == null) {
                    throw CliException.fatal("k8s-file requires a filename");
                }
                return k8sFile(path);
            }
            default -> {
                if (spec.indexOf(':') < 0) {
                    // A bare path (CRI-O's form).
                    return k8sFile(driver);
                }
                if (otherDriver.test(driver)) {
                    return new LogTarget(driver, path);
                }
                throw CliException.fatal("No such log driver " + driver);
            }
        }
    }

    private static LogTarget k8sFile(String path) {
        return new LogTarget(LogTarget.K8S_FILE, path);
    }

    private static int indexOfDriver(List<LogTarget> targets, String driver) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).driver().equals(driver)) {
                return i;
            }
        }
        return -1;
    }
}
