package io.jconmon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code strtol(s, &end, 0)} on a 64-bit long, conmon-interface.md §1.1. */
class CIntegerTest {

    @Test
    void leadingCWhitespaceIsSkippedButTrailingIsNot() {
        assertEquals(new CInteger.Result(5, true, false), CInteger.parse(" \t\n\u000b\f\r5"));
        assertFalse(CInteger.parse("5\n").complete());
    }

    @Test
    void hexPrefixNeedsAHexDigit() {
        assertEquals(new CInteger.Result(255, true, false), CInteger.parse("0xff"));
        CInteger.Result zeroX = CInteger.parse("0x");
        assertFalse(zeroX.complete());
        assertEquals(0, zeroX.value());
    }

    @Test
    void leadingZeroMeansOctal() {
        assertEquals(new CInteger.Result(511, true, false), CInteger.parse("0777"));
        assertFalse(CInteger.parse("09").complete());
    }

    @Test
    void longExtremesAreExactAndBeyondThemSaturateWithOverflow() {
        assertEquals(new CInteger.Result(Long.MIN_VALUE, true, false), CInteger.parse("-9223372036854775808"));
        assertEquals(new CInteger.Result(Long.MAX_VALUE, true, false), CInteger.parse("9223372036854775807"));
        assertEquals(new CInteger.Result(Long.MAX_VALUE, true, true), CInteger.parse("9223372036854775808"));
        assertEquals(new CInteger.Result(Long.MIN_VALUE, true, true), CInteger.parse("-0x8000000000000001"));
    }

    @Test
    void signWithoutDigitsIsNoNumber() {
        assertFalse(CInteger.parse("-").complete());
        assertFalse(CInteger.parse("").complete());
        assertTrue(CInteger.parse("-0").complete());
    }
}
