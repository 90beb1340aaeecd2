package io.jconmon.core.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Values collected by {@link GOptionParser}, looked up by {@link OptionSpec#key()}.
 * When {@link #helpRequested()} is true parsing stopped at the help option (GLib prints help and
 * exits there), so the values hold only what came before it.
 */
public final class ParsedOptions {
    private final Map<String, Object> values = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private boolean helpRequested;

    ParsedOptions() {
    }

    void setFlag(String key) {
        values.put(key, Boolean.TRUE);
    }

    void setValue(String key, Object value) {
        values.put(key, value);
    }

    @SuppressWarnings("unchecked")
    void append(String key, String value) {
        ((List<String>) values.computeIfAbsent(key, k -> new ArrayList<String>())).add(value);
    }

    void addPositional(String arg) {
        positionals.add(arg);
    }

    void requestHelp() {
        helpRequested = true;
    }

    /** True when {@code -h}, {@code -?}, {@code --help} or {@code --help-all} was seen. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** True when the option was given at least once. */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /** A FLAG option: true when given. */
    public boolean flag(String key) {
        return values.get(key) instanceof Boolean b && b;
    }

    /** A STRING option: the last value given, or null. */
    public String string(String key) {
        return values.get(key) instanceof String s ? s : null;
    }

    /** A STRING_ARRAY option: every value in argv order; empty when never given. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : List.copyOf((List<String>) v);
    }

    /** An INT option's last value, or {@code defaultValue} when never given. */
    public int integer(String key, int defaultValue) {
        return values.get(key) instanceof Integer i ? i : defaultValue;
    }

    /** An INT64 option's last value, or {@code defaultValue} when never given. */
    public long integer64(String key, long defaultValue) {
        return values.get(key) instanceof Long l ? l : defaultValue;
    }

    /** Non-option arguments (and everything after {@code --}), which conmon ignores. */
    public List<String> positionals() {
        return List.copyOf(positionals);
    }
}
