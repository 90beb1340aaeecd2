package io.jconmon.core.cli;

/** What an option takes, mirroring the GLib GOption argument types conmon uses (conmon-interface.md §1.1). */
public enum OptionKind {
    /** No value; {@code --flag=xyz} is accepted and the value ignored, as GLib does. */
    FLAG,
    /** One value; the last occurrence wins. */
    STRING,
    /** One value per occurrence; occurrences accumulate in order. */
    STRING_ARRAY,
    /** A C {@code int} parsed like {@code strtol(s, &end, 0)}. */
    INT,
    /** A 64-bit integer parsed like {@code strtoll(s, &end, 0)}. */
    INT64;

    /** True when the option consumes a value. */
    public boolean takesValue() {
        return this != FLAG;
    }
}
