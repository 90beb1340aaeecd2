package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The Podman differential harness: a scenario runs once per monitor (both at once, on two threads)
 * and records what a user sees as {@link Facts}; a test then checks, for its monitor, that Podman
 * really used that monitor, the expected values, and (for jconmon) that every fact equals the C
 * conmon's.
 */
final class Diff {
    private static final Pattern ID64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LOG_TIME = Pattern.compile("time=\"[^\"]*\"");

    /** One monitor's run of one scenario. */
    interface Scenario {
        void run(Monitor m, Facts f) throws Exception;
    }

    /** What a scenario saw under one monitor. */
    static final class Facts {
        final Monitor monitor;
        /** User-visible results, normalized: must be equal under both monitors. */
        final Map<String, String> seen = new LinkedHashMap<>();
        /** Results that differ between the monitors by design: checked per monitor, not compared. */
        final Map<String, String> own = new LinkedHashMap<>();
        /** Proof that Podman used {@link #monitor}: what, expected, actual. */
        final List<String[]> proofs = new ArrayList<>();
        Throwable error;

        Facts(Monitor monitor) {
            this.monitor = monitor;
        }

        /** Records a user-visible value after normalizing ids, names and log times. */
        Facts see(String key, String value) {
            seen.put(key, norm(monitor, value));
            return this;
        }

        /** Records status, stdout and stderr of a command. */
        Facts see(String key, Host.Result r) {
            see(key + ": exit status", Integer.toString(r.status()));
            see(key + ": stdout", r.stdout());
            return see(key + ": stderr", r.stderr());
        }

        Facts own(String key, String value) {
            own.put(key, norm(monitor, value));
            return this;
        }

        /** Records which monitor Podman used for something (a container, an exec session, podman info). */
        Facts prove(String what, String actual) {
            proofs.add(new String[] {what, monitor.name(), actual});
            return this;
        }

        /** podman info must name this monitor's path (Podman silently falls back on /usr/bin/conmon). */
        Facts proveInfo(PodmanHost podman) throws Exception {
            proofs.add(new String[] {"podman --conmon X info --format {{.Host.Conmon.Path}}", monitor.path.toString(),
                    podman.infoConmonPath(monitor)});
            return this;
        }
    }

    /**
     * Replaces what legitimately differs between two runs: 64-hex ids, this monitor's container
     * names ({@code <base>-c} / {@code <base>-j}), the time of Podman's log lines, the monitor path.
     */
    static String norm(Monitor m, String s) {
        if (s == null) {
            return null;
        }
        String r = ID64.matcher(s).replaceAll("<ID>");
        r = r.replaceAll("([A-Za-z0-9]+)-" + m.tag + "(?![A-Za-z0-9])", "$1-M");
        r = LOG_TIME.matcher(r).replaceAll("time=\"<T>\"");
        return r.replace(m.path.toString(), "<CONMON>");
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "podman-diff");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<Monitor, CompletableFuture<Facts>>> runs = new ConcurrentHashMap<>();

    /**
     * The facts of {@code name} under both monitors; the first call starts both runs, concurrently
     * unless {@code alone} (then the C conmon's run first and jconmon's after it, for races that
     * depend on the machine being otherwise idle).
     */
    Map<Monitor, Facts> both(String name, Scenario scenario, boolean alone) {
        Map<Monitor, CompletableFuture<Facts>> futures = runs.computeIfAbsent(name, k -> {
            Map<Monitor, CompletableFuture<Facts>> f = new EnumMap<>(Monitor.class);
            CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
            for (Monitor m : Monitor.values()) {
                CompletableFuture<Facts> run = (alone ? previous : CompletableFuture.completedFuture(null)).handleAsync((x, t0) -> {
                    Facts facts = new Facts(m);
                    try {
                        scenario.run(m, facts);
                    } catch (Throwable t) {
                        facts.error = t;
                    }
                    return facts;
                }, pool);
                f.put(m, run);
                previous = run;
            }
            return f;
        });
        Map<Monitor, Facts> out = new EnumMap<>(Monitor.class);
        futures.forEach((m, f) -> out.put(m, f.join()));
        return out;
    }

    /**
     * Checks {@code m}'s run of a scenario: it completed; Podman used {@code m}; under jconmon every
     * seen fact equals the C conmon's; the facts in {@code expected} (both monitors) and
     * {@code expectedOwn} (this monitor) have those values. Fails with every problem at once.
     */
    void check(String name, Scenario scenario, Monitor m, Map<String, String> expected, Map<String, String> expectedOwn) {
        check(name, scenario, m, expected, expectedOwn, false);
    }

    /** {@link #check(String, Scenario, Monitor, Map, Map)}; {@code alone}: see {@link #both}. */
    void check(String name, Scenario scenario, Monitor m, Map<String, String> expected, Map<String, String> expectedOwn,
            boolean alone) {
        Map<Monitor, Facts> runs = both(name, scenario, alone);
        Facts f = runs.get(m);
        List<String> problems = new ArrayList<>();
        if (f.error != null) {
            problems.add("the scenario did not complete under " + m + ": " + stack(f.error));
        }
        for (String[] p : f.proofs) {
            if (!p[1].equals(p[2])) {
                problems.add("Podman did not use " + m + " (" + p[0] + "): expected " + p[1] + ", got " + p[2]);
            }
        }
        if (m == Monitor.JCONMON) {
            Facts c = runs.get(Monitor.C_CONMON);
            if (c.error != null) {
                problems.add("the C conmon reference run failed, nothing to compare with: " + stack(c.error));
            }
            Set<String> keys = new LinkedHashSet<>(c.seen.keySet());
            keys.addAll(f.seen.keySet());
            for (String k : keys) {
                if (!Objects.equals(c.seen.get(k), f.seen.get(k))) {
                    problems.add("differs from the C conmon: " + k + "\n      C conmon: " + show(c.seen.get(k))
                            + "\n      jconmon:  " + show(f.seen.get(k)));
                }
            }
        }
        Map<String, String> all = new LinkedHashMap<>(expected);
        all.putAll(expectedOwn);
        for (Map.Entry<String, String> e : all.entrySet()) {
            String actual = f.seen.containsKey(e.getKey()) ? f.seen.get(e.getKey()) : f.own.get(e.getKey());
            if (!Objects.equals(e.getValue(), actual)) {
                problems.add("unexpected " + e.getKey() + ": expected " + show(e.getValue()) + ", got " + show(actual));
            }
        }
        if (!problems.isEmpty()) {
            fail(name + " under " + m + ": " + problems.size() + " problem(s)\n  - " + String.join("\n  - ", problems)
                    + "\n  facts seen: " + showAll(f.seen) + (f.own.isEmpty() ? "" : "\n  own facts: " + showAll(f.own)));
        }
    }

    void check(String name, Scenario scenario, Monitor m, Map<String, String> expected) {
        check(name, scenario, m, expected, Map.of());
    }

    /** A value with control characters made visible, quoted; "absent" for null. */
    static String show(String s) {
        if (s == null) {
            return "absent";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\0' -> b.append("\\0");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        b.append(String.format("\\x%02x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String showAll(Map<String, String> facts) {
        StringBuilder b = new StringBuilder();
        facts.forEach((k, v) -> b.append("\n      ").append(k).append(" = ").append(show(v)));
        return b.toString();
    }

    private static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
    }
}
