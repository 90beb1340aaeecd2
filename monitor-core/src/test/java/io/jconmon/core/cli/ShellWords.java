package io.jconmon.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an argv as printed in podman-invocations.md (one {@code \}-continued shell line per element or
 * two, {@code ''} for an empty element, placeholders like {@code $CID}) into a String[].
 */
final class ShellWords {
    private ShellWords() {
    }

    static String[] argv(String shellText, Map<String, String> placeholders) {
        String text = shellText;
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        List<String> words = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.endsWith("\\")) {
                l = l.substring(0, l.length() - 1).strip();
            }
            if (l.isEmpty()) {
                continue;
            }
            for (String w : l.split("\\s+")) {
                words.add(w.equals("''") ? "" : w);
            }
        }
        if (words.isEmpty() || !words.getFirst().equals("conmon")) {
            throw new IllegalArgumentException("argv must start with conmon");
        }
        return words.subList(1, words.size()).toArray(String[]::new);
    }
}
