package io.jconmon.driver.support;

import io.jconmon.spi.LogDriverException;
import java.util.Locale;
import java.util.Map;

/** A driver option that is a byte size: digits with an optional k, m or g suffix (powers of 1024). */
public final class SizeOption {
    private SizeOption() {}

    /**
     * The size {@code options} give for {@code key}, or {@code byDefault} when they give none.
     *
     * @param driver the driver's name, which starts the error message
     * @param options the driver's options
     * @param key the option's name
     * @param byDefault the size when the option is absent
     * @param min the smallest size allowed
     * @param max the largest size allowed
     * @throws LogDriverException when the text is not a size or the size is out of bounds
     */
    public static long parse(String driver, Map<String, String> options, String key, long byDefault, long min, long max)
            throws LogDriverException {
        String text = options.get(key);
        if (text == null) {
            return byDefault;
        }
        long unit = 1;
        String digits = text.toLowerCase(Locale.ROOT);
        if (digits.endsWith("k") || digits.endsWith("m") || digits.endsWith("g")) {
            unit = switch (digits.charAt(digits.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            long value = Math.multiplyExact(Long.parseLong(digits), unit);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new LogDriverException(driver + ": " + key + " must be a size between " + min + " and " + max
                + " bytes, not \"" + text + "\"");
    }
}
