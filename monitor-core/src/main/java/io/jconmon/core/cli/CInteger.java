package io.jconmon.core.cli;

/**
 * C's {@code strtol}/{@code strtoll} with base 0 on a 64-bit {@code long}, as GLib uses for INT and
 * INT64 options (conmon-interface.md §1.1): leading whitespace, optional sign, then {@code 0x}/{@code 0X}
 * hex, leading-{@code 0} octal, or decimal. Trailing characters (whitespace included) are not consumed.
 */
final class CInteger {

    /**
     * @param value the converted value, saturated at the {@code long} range on overflow (as strtol does)
     * @param complete true when at least one digit was read and nothing follows the number
     * @param overflow true when the number does not fit a {@code long} (strtol's {@code ERANGE})
     */
    record Result(long value, boolean complete, boolean overflow) {
    }

    private CInteger() {
    }

    static Result parse(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i < n && s.charAt(i) == '0') {
            // "0x" counts as a prefix only when a hex digit follows; else the "0" is an octal number.
            if (i + 2 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X') && digit(s.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            } else {
                base = 8;
            }
        }
        // Accumulate negatively so that Long.MIN_VALUE is representable.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / base;
        long acc = 0;
        int digits = 0;
        boolean overflow = false;
        int d;
        while (i < n && (d = digit(s.charAt(i), base)) >= 0) {
            i++;
            digits++;
            if (overflow) {
                continue;
            }
            if (acc < multmin) {
                overflow = true;
                continue;
            }
            acc *= base;
            if (acc < limit + d) {
                overflow = true;
                continue;
            }
            acc -= d;
        }
        if (digits == 0) {
            return new Result(0, false, false);
        }
        long value = overflow ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : (negative ? acc : -acc);
        return new Result(value, i == n, overflow);
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static int digit(char c, int base) {
        int v;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            v = c - 'A' + 10;
        } else {
            return -1;
        }
        return v < base ? v : -1;
    }
}
