package io.jconmon.core.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScanfIntsTest {
    /** sscanf(s, "%d %d %d") as {count, values...}. */
    private static int[] scan3(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int[] out = new int[3];
        int n = ScanfInts.scan(b, 0, b.length, out);
        int[] r = new int[n + 1];
        r[0] = n;
        System.arraycopy(out, 0, r, 1, n);
        return r;
    }

    @Test
    void readsSignedDecimalsSeparatedByAnyWhitespace() {
        assertArrayEquals(new int[] {3, 1, 24, 80}, scan3("1 24 80\n"));
        assertArrayEquals(new int[] {3, -1, 2, 3}, scan3(" \t-1\n\n+2\r\f\u000b3"));
    }

    @Test
    void blanksBetweenDirectivesMayBeEmpty() {
        assertArrayEquals(new int[] {3, 1, 2, 3}, scan3("1+2+3"));
        assertArrayEquals(new int[] {3, 1, -2, -3}, scan3("1-2-3"));
    }

    @Test
    void stopsAtTheFirstCharacterThatIsNoDecimalDigit() {
        assertArrayEquals(new int[] {1, 0}, scan3("0x10 1 1"));
        assertArrayEquals(new int[] {1, 10}, scan3("10.5 3"));
        assertArrayEquals(new int[] {3, 10, 8, 9}, scan3("0010 08 09"));
        assertArrayEquals(new int[] {1, 1}, scan3("1 - 2"));
        assertArrayEquals(new int[] {0}, scan3(""));
        assertArrayEquals(new int[] {0}, scan3("   \n"));
    }

    @Test
    void outOfRangeNumbersSaturateToALongAndAreTruncatedToAnInt() {
        assertArrayEquals(new int[] {3, 1, (int) 99999999999L, -1}, scan3("4294967297 99999999999 99999999999999999999999"));
        assertArrayEquals(new int[] {1, 0}, scan3("-99999999999999999999999 x"), "LONG_MIN truncates to 0");
    }

    @Test
    void neverReadsPastTheGivenEnd() {
        byte[] b = "1 2 3".getBytes(StandardCharsets.ISO_8859_1);
        int[] out = new int[3];
        assertEquals(2, ScanfInts.scan(b, 0, 3, out));
        assertEquals("[1, 2, 0]", Arrays.toString(out));
    }
}
