package io.jconmon.driver.jsonfile;

import io.jconmon.driver.support.TagTemplate;
import io.jconmon.spi.LogDriverException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validated options of one json-file driver, checked in the order and by the rules of Moby's
 * {@code jsonfilelog.New}: max-size, max-file, compress, then labels and tag.
 *
 * @param path the log file
 * @param maxSize rotate once the file holds this many bytes; 0 = never (max-size absent)
 * @param maxFiles how many files to keep, the current one included (1 = no backups)
 * @param compress gzip the backups
 * @param labels keys of {@link io.jconmon.spi.ContainerInfo#labels()} to copy into {@code attrs}
 * @param tag the tag template, or null when no tag was asked for
 */
record JsonFileOptions(Path path, long maxSize, int maxFiles, boolean compress, List<String> labels,
        TagTemplate tag) {

    static final String PATH = "path";
    static final String MAX_SIZE = "max-size";
    static final String MAX_FILE = "max-file";
    static final String COMPRESS = "compress";
    static final String LABELS = "labels";
    static final String TAG = "tag";
    /** Accepted as a key only to be refused with a reason (Docker users will try it). */
    static final String ENV = "env";

    static final Set<String> NAMES = Set.of(PATH, MAX_SIZE, MAX_FILE, COMPRESS, LABELS, TAG, ENV);

    static JsonFileOptions parse(Map<String, String> options) throws LogDriverException {
        Map<String, String> given = options == null ? Map.of() : options;
        // The host already rejects unknown keys; checked again so a direct caller cannot slip one by.
        for (String key : given.keySet()) {
            if (!NAMES.contains(key)) {
                throw invalid(key, "not supported");
            }
        }
        if (given.containsKey(ENV)) {
            throw invalid(ENV, "not supported: conmon is not told the container's environment");
        }
        String path = given.get(PATH);
        if (path == null || path.isEmpty()) {
            throw invalid(PATH, "required (-l json-file:PATH)");
        }
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw invalid(PATH, "not a valid path: \"" + path + "\"");
        }

        long maxSize = 0;
        String size = given.get(MAX_SIZE);
        if (size != null) {
            maxSize = humanSize(size);
            if (maxSize <= 0) {
                throw invalid(MAX_SIZE, "must be a positive number");
            }
        }
        int maxFiles = 1;
        String files = given.get(MAX_FILE);
        if (files != null) {
            maxFiles = integer(MAX_FILE, files);
            if (maxFiles < 1) {
                throw invalid(MAX_FILE, "cannot be less than 1");
            }
        }
        boolean compress = false;
        String gzip = given.get(COMPRESS);
        if (gzip != null) {
            compress = goBool(gzip);
            if (compress && (maxFiles == 1 || maxSize == 0)) {
                throw invalid(COMPRESS, "cannot be true when max-file is less than 2 or max-size is not set");
            }
        }
        String labels = given.getOrDefault(LABELS, "");
        // Moby splits on every comma and does not trim: "a, b" asks for labels "a" and " b".
        List<String> labelKeys = labels.isEmpty() ? List.of() : Arrays.asList(labels.split(",", -1));
        TagTemplate tag = null;
        String template = given.getOrDefault(TAG, "");
        if (!template.isEmpty()) {
            try {
                tag = TagTemplate.parse(template);
            } catch (IllegalArgumentException e) {
                throw invalid(TAG, e.getMessage());
            }
        }
        return new JsonFileOptions(file, maxSize, maxFiles, compress, List.copyOf(labelKeys), tag);
    }

    /**
     * Docker's max-size, parsed as go-units {@code FromHumanSize} (Moby's json-file uses it): a
     * decimal number, an optional space, an optional case-insensitive unit {@code k m g t p} worth
     * powers of 1000, optionally followed by {@code b} or {@code ib} ({@code 10m}, {@code 1.5MB},
     * {@code 2 KiB}: 2000), or a bare {@code b}. Fractions are truncated to whole bytes.
     */
    static long humanSize(String text) throws LogDriverException {
        int sep = -1;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == ' ') {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            throw invalid(MAX_SIZE, "invalid size: '" + text + "'");
        }
        String number = text.charAt(sep) == ' ' ? text.substring(0, sep) : text.substring(0, sep + 1);
        String suffix = text.substring(sep + 1);
        if (!isGoDecimalFloat(number)) {
            throw invalid(MAX_SIZE, "not a number: \"" + number + "\"");
        }
        double size = Double.parseDouble(number);
        if (size < 0) {
            throw invalid(MAX_SIZE, "invalid size: '" + text + "'");
        }
        if (!suffix.isEmpty()) {
            String unit = suffix.toLowerCase(Locale.ROOT);
            long multiplier = switch (unit.charAt(0)) {
                case 'b' -> unit.length() == 1 ? 1 : 0;
                case 'k' -> 1000L;
                case 'm' -> 1000L * 1000;
                case 'g' -> 1000L * 1000 * 1000;
                case 't' -> 1000L * 1000 * 1000 * 1000;
                case 'p' -> 1000L * 1000 * 1000 * 1000 * 1000;
                default -> 0;
            };
            // After the unit letter only "b" or "ib" may follow (KB, KiB); a bare "b" stands alone.
            String rest = unit.substring(1);
            boolean tail = rest.isEmpty() || (unit.charAt(0) != 'b' && (rest.equals("b") || rest.equals("ib")));
            if (multiplier == 0 || !tail) {
                throw invalid(MAX_SIZE, "invalid suffix: '" + unit + "'");
            }
            size *= multiplier;
        }
        if (!(size < 0x1p63)) {
            throw invalid(MAX_SIZE, "too large: '" + text + "'");
        }
        return (long) size;
    }

    /** What Go's ParseFloat takes in decimal notation (hex floats, inf and nan are not sizes). */
    private static boolean isGoDecimalFloat(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Go's strconv.Atoi, limited to what fits an int. */
    private static int integer(String key, String text) throws LogDriverException {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length()) {
            throw invalid(key, "not a number: \"" + text + "\"");
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw invalid(key, "not a number: \"" + text + "\"");
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(key, "out of range: \"" + text + "\"");
        }
    }

    /** Go's strconv.ParseBool. */
    private static boolean goBool(String text) throws LogDriverException {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw invalid(COMPRESS, "not true or false: \"" + text + "\"");
        };
    }

    private static LogDriverException invalid(String key, String why) {
        return new LogDriverException(JsonFileDriverFactory.NAME + ": option " + key + ": " + why);
    }
}
