package io.jconmon.core.cli;

import java.util.Objects;

/**
 * One row of a declarative option table: what {@link GOptionParser} parses and what {@code --help} shows.
 *
 * @param longName name without the leading {@code --}
 * @param shortName single-character name, or {@code 0} for none
 * @param kind what the option takes
 * @param hidden parsed but left out of the help text
 * @param description help text
 * @param argPlaceholder shown as {@code --name=PLACEHOLDER} in the help, or null
 * @param key where the value is stored; options sharing a key are aliases (their values interleave
 *     in argv order), e.g. the hidden {@code --pidfile} stores into {@code container-pidfile}
 */
public record OptionSpec(
        String longName, char shortName, OptionKind kind, boolean hidden, String description,
        String argPlaceholder, String key) {

    public OptionSpec {
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        if (longName.isEmpty() || longName.startsWith("-") || longName.contains("=")) {
            throw new IllegalArgumentException("bad long option name: " + longName);
        }
        if (shortName == '-' || shortName == '?' || Character.isWhitespace(shortName)) {
            throw new IllegalArgumentException("bad short option name for --" + longName);
        }
        description = description == null ? "" : description;
    }

    /** A visible option stored under its own long name. */
    public static OptionSpec of(String longName, char shortName, OptionKind kind, String description) {
        return new OptionSpec(longName, shortName, kind, false, description, null, longName);
    }

    /** A visible option without a short name. */
    public static OptionSpec of(String longName, OptionKind kind, String description) {
        return of(longName, (char) 0, kind, description);
    }

    /** A hidden option (parsed, not shown in {@code --help}) stored under {@code key}. */
    public static OptionSpec hidden(String longName, OptionKind kind, String key) {
        return new OptionSpec(longName, (char) 0, kind, true, "", null, key);
    }

    /** The same option with a help placeholder ({@code --name=PLACEHOLDER}). */
    public OptionSpec withPlaceholder(String placeholder) {
        return new OptionSpec(longName, shortName, kind, hidden, description, placeholder, key);
    }

    /** True when the option has a short name. */
    public boolean hasShortName() {
        return shortName != 0;
    }
}
