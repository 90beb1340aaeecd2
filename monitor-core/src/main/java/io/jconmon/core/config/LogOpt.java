package io.jconmon.core.config;

/**
 * One {@code DRIVER.KEY=VALUE} driver option, as {@code --log-opt} and the host config file's
 * {@code log-opt} write it: the driver name ends at the first '.', the key at the first '='.
 */
public record LogOpt(String driver, String key, String value) {

    /** The option {@code text} names, or null when it is not {@code DRIVER.KEY=VALUE}. */
    public static LogOpt parse(String text) {
        int dot = text.indexOf('.');
        int eq = text.indexOf('=');
        if (dot <= 0 || eq < dot + 2) {
            return null;
        }
        return new LogOpt(text.substring(0, dot), text.substring(dot + 1, eq), text.substring(eq + 1));
    }
}
