package io.jconmon.core.journald;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads systemd's Journal Export Format ({@code journalctl -o export}): entries separated by an
 * empty line; a field is {@code KEY=value\n}, or, for values that are not plain text,
 * {@code KEY\n} + a little-endian 64-bit length + the value + {@code \n}.
 */
final class JournalExport {
    private JournalExport() {}

    static List<Map<String, byte[]>> parse(byte[] export) {
        List<Map<String, byte[]>> entries = new ArrayList<>();
        Map<String, byte[]> entry = new LinkedHashMap<>();
        int at = 0;
        while (at < export.length) {
            if (export[at] == '\n') {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                    entry = new LinkedHashMap<>();
                }
                at++;
                continue;
            }
            int keyEnd = at;
            while (export[keyEnd] != '=' && export[keyEnd] != '\n') {
                keyEnd++;
            }
            String key = new String(export, at, keyEnd - at, StandardCharsets.US_ASCII);
            if (export[keyEnd] == '=') {
                int valueEnd = keyEnd + 1;
                while (export[valueEnd] != '\n') {
                    valueEnd++;
                }
                entry.put(key, Arrays.copyOfRange(export, keyEnd + 1, valueEnd));
                at = valueEnd + 1;
            } else {
                long size = 0;
                for (int i = 0; i < 8; i++) {
                    size |= (export[keyEnd + 1 + i] & 0xffL) << (8 * i);
                }
                int valueStart = keyEnd + 9;
                entry.put(key, Arrays.copyOfRange(export, valueStart, valueStart + (int) size));
                at = valueStart + (int) size + 1;
            }
        }
        if (!entry.isEmpty()) {
            entries.add(entry);
        }
        return entries;
    }
}
