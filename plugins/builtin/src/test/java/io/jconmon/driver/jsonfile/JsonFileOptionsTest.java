package io.jconmon.driver.jsonfile;

import io.jconmon.driver.support.TagTemplate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jconmon.spi.LogDriverException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFileOptionsTest {

    private static Map<String, String> with(String... keyValues) {
        Map<String, String> options = new HashMap<>();
        options.put("path", "/l/ctr.json");
        for (int i = 0; i < keyValues.length; i += 2) {
            options.put(keyValues[i], keyValues[i + 1]);
        }
        return options;
    }

    private static String rejection(Map<String, String> options) {
        return assertThrows(LogDriverException.class, () -> JsonFileOptions.parse(options)).getMessage();
    }

    private static long size(String text) throws LogDriverException {
        return JsonFileOptions.parse(with("max-size", text)).maxSize();
    }

    @Test
    void onlyPathIsNeededAndTheDefaultsAreOneUnlimitedUncompressedFileWithoutAttrs() throws Exception {
        var options = JsonFileOptions.parse(Map.of("path", "/l/ctr.json"));
        assertEquals(new JsonFileOptions(Path.of("/l/ctr.json"), 0, 1, false, List.of(), null), options);
    }

    @Test
    void maxSizeTakesDockerUnitsInPowersOfThousandAsGoUnitsFromHumanSize() throws Exception {
        assertEquals(1234, size("1234"));
        assertEquals(10_000, size("10k"));
        assertEquals(10_000, size("10K"));
        assertEquals(10_000, size("10kb"));
        assertEquals(10_000, size("10KiB"));
        assertEquals(10_000_000, size("10m"));
        assertEquals(2_000_000_000, size("2g"));
        assertEquals(1_500_000, size("1.5MB"));
        assertEquals(3_000, size("3 k"));
        assertEquals(42, size("42b"));
        assertEquals(1_000_000_000_000L, size("1t"));
        assertEquals(1_500, size("1.5e3"));
    }

    @Test
    void maxSizeMustBeAPositiveSizeAsInMoby() {
        assertEquals("json-file: option max-size: must be a positive number", rejection(with("max-size", "0")));
        assertEquals("json-file: option max-size: must be a positive number", rejection(with("max-size", "0.5")));
        assertEquals("json-file: option max-size: invalid size: '-1'", rejection(with("max-size", "-1")));
        assertEquals("json-file: option max-size: invalid size: 'big'", rejection(with("max-size", "big")));
        assertEquals("json-file: option max-size: invalid suffix: 'x'", rejection(with("max-size", "10x")));
        assertEquals("json-file: option max-size: invalid suffix: 'kbb'", rejection(with("max-size", "1kbb")));
        assertEquals("json-file: option max-size: invalid suffix: 'bi'", rejection(with("max-size", "1bi")));
        assertEquals("json-file: option max-size: not a number: \"1.2.3\"", rejection(with("max-size", "1.2.3m")));
        assertEquals("json-file: option max-size: not a number: \"0x10\"", rejection(with("max-size", "0x10")));
        assertEquals("json-file: option max-size: too large: '10000000p'", rejection(with("max-size", "10000000p")));
    }

    @Test
    void maxFileIsAnIntegerOfAtLeastOneAndNeedsNoMaxSizeAsInMoby() throws Exception {
        assertEquals(5, JsonFileOptions.parse(with("max-file", "5")).maxFiles());
        assertEquals(5, JsonFileOptions.parse(with("max-file", "+5", "max-size", "1m")).maxFiles());
        assertEquals("json-file: option max-file: cannot be less than 1", rejection(with("max-file", "0")));
        assertEquals("json-file: option max-file: cannot be less than 1", rejection(with("max-file", "-2")));
        assertEquals("json-file: option max-file: not a number: \"three\"", rejection(with("max-file", "three")));
        assertEquals("json-file: option max-file: not a number: \" 3\"", rejection(with("max-file", " 3")));
        assertEquals("json-file: option max-file: out of range: \"99999999999\"",
                rejection(with("max-file", "99999999999")));
    }

    @Test
    void compressTakesGoBooleansAndNeedsBackupsAndMaxSize() throws Exception {
        assertEquals(true, JsonFileOptions.parse(with("compress", "T", "max-file", "2", "max-size", "1k")).compress());
        assertEquals(true, JsonFileOptions.parse(with("compress", "1", "max-file", "2", "max-size", "1k")).compress());
        assertEquals(false, JsonFileOptions.parse(with("compress", "False")).compress());
        String why = "json-file: option compress: cannot be true when max-file is less than 2 or max-size is not set";
        assertEquals(why, rejection(with("compress", "true", "max-size", "1k")));
        assertEquals(why, rejection(with("compress", "true", "max-file", "3")));
        assertEquals("json-file: option compress: not true or false: \"yes\"", rejection(with("compress", "yes")));
    }

    @Test
    void labelsSplitOnEveryCommaUntrimmedAndAnEmptyTagMeansNoTag() throws Exception {
        var options = JsonFileOptions.parse(with("labels", "a, b,,c", "tag", ""));
        assertEquals(List.of("a", " b", "", "c"), options.labels());
        assertNull(options.tag());
    }

    @Test
    void pathIsRequiredAndEnvAndBadTemplatesAreRefusedWithReasons() {
        assertEquals("json-file: option path: required (-l json-file:PATH)", rejection(Map.of()));
        assertEquals("json-file: option path: required (-l json-file:PATH)", rejection(Map.of("path", "")));
        assertEquals("json-file: option path: not a valid path: \"a\0b\"", rejection(Map.of("path", "a\0b")));
        assertEquals("json-file: option env: not supported: conmon is not told the container's environment",
                rejection(with("env", "HOME")));
        assertEquals("json-file: option tag: unsupported action \"{{.Hostname}}\" in template \"{{.Hostname}}\""
                + " (supported: " + TagTemplate.SUPPORTED + ")", rejection(with("tag", "{{.Hostname}}")));
        assertEquals("json-file: option mode: not supported", rejection(with("mode", "non-blocking")));
    }

    @Test
    void optionsAreCheckedInMobysOrder() {
        // max-size before max-file before compress before the tag.
        assertEquals("json-file: option max-size: must be a positive number",
                rejection(with("max-size", "0", "max-file", "0", "compress", "x", "tag", "{{.X}}")));
        assertEquals("json-file: option max-file: cannot be less than 1",
                rejection(with("max-file", "0", "compress", "x", "tag", "{{.X}}")));
    }
}
