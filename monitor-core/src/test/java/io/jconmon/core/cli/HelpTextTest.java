package io.jconmon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code --help} in GLib's layout (conmon-interface.md §1.1); engines and conmon's tests grep it. */
class HelpTextTest {
    private final String help = ConmonOptions.parser().helpText();

    private List<String> applicationLines() {
        String section = help.substring(help.indexOf("Application Options:\n") + "Application Options:\n".length());
        return section.lines().takeWhile(l -> !l.isEmpty()).toList();
    }

    @Test
    void startsWithGLibsUsageAndHelpSections() {
        assertTrue(help.startsWith("Usage:\n  conmon [OPTION?] - conmon utility\n\nHelp Options:\n  -h, --help "), help);
        assertTrue(help.contains(" Show help options\n\nApplication Options:\n  --api-version "), help);
        assertTrue(help.endsWith("\n\n"));
    }

    @Test
    void listsEveryVisibleOptionInTableOrderWithItsShortName() {
        List<String> expected = ConmonOptions.TABLE.stream().filter(o -> !o.hidden())
                .map(o -> o.hasShortName() ? "-" + o.shortName() + ", --" + o.longName() : "--" + o.longName())
                .toList();
        List<String> shown = applicationLines().stream().map(HelpTextTest::label).toList();
        assertEquals(expected, shown);
    }

    private static String label(String line) {
        String s = line.strip();
        // "-b, --bundle   description": the label ends at the first run of two spaces or at the padding.
        int end = s.indexOf("  ");
        return end < 0 ? s : s.substring(0, end);
    }

    @Test
    void hidesDeprecatedAndRemovedOptions() {
        Set<String> shown = applicationLines().stream().map(HelpTextTest::label).collect(Collectors.toSet());
        for (String hidden : List.of("--pidfile", "--restore-arg", "--seccomp-notify-socket", "--seccomp-notify-plugins")) {
            assertTrue(!shown.contains(hidden), hidden);
            assertTrue(!help.contains(hidden + " "), hidden);
        }
    }

    @Test
    void mentionsWhatEnginesAndConmonTestsGrepFor() {
        assertTrue(help.contains("--log-global-size-max"));
        assertTrue(help.contains("  -e, --exec "));
        String logPath = applicationLines().stream().filter(l -> l.startsWith("  -l, --log-path")).findFirst().orElseThrow();
        for (String word : List.of("Log file path", "k8s-file", "journald", "passthrough", "none")) {
            assertTrue(logPath.contains(word), word);
        }
        assertTrue(help.contains("  -0, --persist-dir "));
        assertTrue(help.contains("  --log-opt ") && help.contains("k8s-file.max-size=10MB (jconmon)"));
    }

    @Test
    void descriptionsStartInOneColumnAfterTheLongestLabel() {
        Set<Integer> columns = new LinkedHashSet<>();
        for (String line : applicationLines()) {
            String label = label(line);
            int afterLabel = line.indexOf(label) + label.length();
            int col = afterLabel;
            while (line.charAt(col) == ' ') {
                col++;
            }
            columns.add(col);
        }
        String helpRow = help.lines().filter(l -> l.startsWith("  -h, --help")).findFirst().orElseThrow();
        columns.add(helpRow.indexOf("Show"));
        assertEquals(1, columns.size(), columns.toString());
        // GLib: longest label (no-container-partial-message, 28) + 4 padding + 4 for "  --" + 1 space.
        assertEquals(Set.of(37), columns);
    }

    @Test
    void placeholderIsShownAfterEqualsAndCountsTowardsTheColumn() {
        GOptionParser p = new GOptionParser("prog", "", List.of(
                OptionSpec.of("out", 'o', OptionKind.STRING, "Output file").withPlaceholder("FILE"),
                OptionSpec.of("quiet", OptionKind.FLAG, "Say less").withPlaceholder("IGNORED"),
                OptionSpec.hidden("secret", OptionKind.FLAG, "secret")));
        assertEquals("""
                Usage:
                  prog [OPTION?]

                Help Options:
                  -h, --help         Show help options

                Application Options:
                  -o, --out=FILE     Output file
                  --quiet            Say less

                """, p.helpText());
    }
}
