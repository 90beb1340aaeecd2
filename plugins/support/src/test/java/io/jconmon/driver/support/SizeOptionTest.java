package io.jconmon.driver.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jconmon.spi.LogDriverException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeOptionTest {

    private static long parse(String text) throws LogDriverException {
        return SizeOption.parse("demo", Map.of("buffer-size", text), "buffer-size", 7, 1, 1L << 40);
    }

    @Test
    void digitsWithAnOptionalSuffixInPowersOf1024() throws Exception {
        assertEquals(100, parse("100"));
        assertEquals(64 * 1024, parse("64k"));
        assertEquals(3L * 1024 * 1024, parse("3M"));
        assertEquals(2L * 1024 * 1024 * 1024, parse("2g"));
    }

    @Test
    void anAbsentOptionIsTheDefault() throws Exception {
        assertEquals(7, SizeOption.parse("demo", Map.of(), "buffer-size", 7, 1, 10));
    }

    @Test
    void textOutOfBoundsOrNotASizeIsRejectedNamingTheDriverAndOption() {
        for (String bad : new String[] {"0", "", "k", "1.5m", "-1", "12x", "9999999999g"}) {
            LogDriverException e = assertThrows(LogDriverException.class, () -> parse(bad), bad);
            assertEquals("demo: buffer-size must be a size between 1 and " + (1L << 40) + " bytes, not \"" + bad + "\"",
                    e.getMessage());
        }
    }
}
