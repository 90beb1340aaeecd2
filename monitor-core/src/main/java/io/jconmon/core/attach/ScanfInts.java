package io.jconmon.core.attach;

/**
 * conmon parses fifo messages with {@code sscanf(buf, "%d %d %d\n", ...)} over the rest of its
 * buffer; this reproduces that for glibc (conmon-interface.md §4.2), because the quirks are visible:
 * {@code %d} skips any whitespace, newlines included, so a scan may run past the end of a line;
 * it takes an optional sign and decimal digits only ({@code 0x10} reads as 0, {@code 0010} as 10,
 * {@code 10.5} as 10); the blanks between directives match zero or more whitespace
 * ({@code 1+2+3} reads as 1, 2, 3); an out-of-range number saturates to a C long and is then
 * truncated to an int, as glibc stores it.
 */
final class ScanfInts {
    private ScanfInts() {}

    /**
     * Scans up to {@code out.length} integers from {@code buf[from, to)}; returns how many were
     * converted (sscanf's result, with EOF reported as 0).
     */
    static int scan(byte[] buf, int from, int to, int[] out) {
        int i = from;
        int count = 0;
        while (count < out.length) {
            while (i < to && isSpace(buf[i])) {
                i++;
            }
            int j = i;
            boolean negative = false;
            if (j < to && (buf[j] == '+' || buf[j] == '-')) {
                negative = buf[j] == '-';
                j++;
            }
            if (j >= to || buf[j] < '0' || buf[j] > '9') {
                return count; // matching failure (or end of input)
            }
            long value = 0;
            boolean overflow = false;
            for (; j < to && buf[j] >= '0' && buf[j] <= '9'; j++) {
                int d = buf[j] - '0';
                if (!overflow && value > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                }
                if (!overflow) {
                    value = value * 10 + d;
                }
            }
            long asLong = overflow ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : (negative ? -value : value);
            out[count++] = (int) asLong;
            i = j;
        }
        return count;
    }

    /** C's isspace in the C locale. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }
}
