package io.jconmon.core.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser with GLib GOption's observable behaviour (conmon-interface.md §1.1), driven by a table of
 * {@link OptionSpec}s. The rules it reproduces:
 * <ul>
 * <li>{@code --name value} and {@code --name=value}; the value is the next element verbatim even when it
 *     starts with {@code -}; no value left → {@code Missing argument for --name}.</li>
 * <li>Long names match exactly (no abbreviations). A FLAG given as {@code --flag=xyz} is set, the value
 *     ignored.</li>
 * <li>{@code -xyz} is a cluster of short options. Each value-taking short option in it takes the
 *     <em>next</em> element ({@code -ct ID} = {@code -c ID -t}); a second value-taking one in the same
 *     cluster → {@code Error parsing option -b}. An attached value ({@code -cID}) is therefore read as a
 *     cluster, and the first character that is not an option fails with GLib's message, which names the
 *     whole element: {@code Unknown option -cID}.</li>
 * <li>Unknown long option → {@code Unknown option --xyz} (the whole element, {@code =value} included).</li>
 * <li>INT/INT64: {@code strtol} base 0 ({@link CInteger}); {@code Cannot parse integer value “X” for --opt},
 *     {@code Integer value “X” for --opt out of range} (newer GLib's curly quotes).</li>
 * <li>{@code --} ends option parsing; a lone {@code -} and other non-options are positionals.</li>
 * <li>{@code -h} (unless the table defines {@code h}), {@code -?}, {@code --help}, {@code --help-all} stop
 *     parsing at once and request help, so errors after them are never seen (GLib prints and exits).</li>
 * </ul>
 */
public final class GOptionParser {
    private final String programName;
    private final String parameterString;
    private final List<OptionSpec> options;
    private final Map<String, OptionSpec> byLongName = new HashMap<>();
    private final Map<Character, OptionSpec> byShortName = new HashMap<>();

    /**
     * @param programName shown in the usage line, e.g. {@code conmon}
     * @param parameterString shown after {@code [OPTION?]}, e.g. {@code - conmon utility}; may be empty
     * @param options the table, in help order
     */
    public GOptionParser(String programName, String parameterString, List<OptionSpec> options) {
        this.programName = programName;
        this.parameterString = parameterString == null ? "" : parameterString;
        this.options = List.copyOf(options);
        Map<String, OptionKind> kindByKey = new LinkedHashMap<>();
        for (OptionSpec o : this.options) {
            if (byLongName.put(o.longName(), o) != null) {
                throw new IllegalArgumentException("duplicate option --" + o.longName());
            }
            if (o.hasShortName() && byShortName.put(o.shortName(), o) != null) {
                throw new IllegalArgumentException("duplicate option -" + o.shortName());
            }
            OptionKind previous = kindByKey.putIfAbsent(o.key(), o.kind());
            if (previous != null && previous != o.kind()) {
                throw new IllegalArgumentException("aliases of " + o.key() + " disagree on the kind");
            }
            if (o.longName().equals("help") || o.longName().equals("help-all")) {
                throw new IllegalArgumentException("--" + o.longName() + " is built in");
            }
        }
    }

    /** The table this parser was built from. */
    public List<OptionSpec> options() {
        return options;
    }

    /** Parses {@code args} (without the program name). */
    public ParsedOptions parse(String[] args) throws OptionParseException {
        ParsedOptions out = new ParsedOptions();
        boolean stopParsing = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (stopParsing || arg.length() < 2 || arg.charAt(0) != '-') {
                out.addPositional(arg);
                continue;
            }
            if (arg.charAt(1) == '-') {
                String body = arg.substring(2);
                if (body.isEmpty()) {
                    stopParsing = true;
                    continue;
                }
                if (body.equals("help") || body.equals("help-all")) {
                    out.requestHelp();
                    return out;
                }
                i = parseLong(args, i, body, out);
            } else {
                i = parseShortCluster(args, i, out);
                if (out.helpRequested()) {
                    return out;
                }
            }
        }
        return out;
    }

    private int parseLong(String[] args, int i, String body, ParsedOptions out) throws OptionParseException {
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        OptionSpec spec = byLongName.get(name);
        if (spec == null) {
            throw new OptionParseException("Unknown option " + args[i]);
        }
        String optionName = "--" + name;
        if (!spec.kind().takesValue()) {
            out.setFlag(spec.key());
            return i;
        }
        String value;
        if (eq >= 0) {
            value = body.substring(eq + 1);
        } else if (i < args.length - 1) {
            value = args[++i];
        } else {
            throw new OptionParseException("Missing argument for " + optionName);
        }
        store(spec, optionName, value, out);
        return i;
    }

    private int parseShortCluster(String[] args, int i, ParsedOptions out) throws OptionParseException {
        String cluster = args[i];
        int next = i;
        for (int j = 1; j < cluster.length(); j++) {
            char c = cluster.charAt(j);
            if (c == '?' || (c == 'h' && !byShortName.containsKey('h'))) {
                out.requestHelp();
                return next;
            }
            OptionSpec spec = byShortName.get(c);
            if (spec == null) {
                throw new OptionParseException("Unknown option " + cluster);
            }
            String optionName = "-" + c;
            if (!spec.kind().takesValue()) {
                out.setFlag(spec.key());
                continue;
            }
            if (next > i) {
                // Only one element after a cluster can serve as a value.
                throw new OptionParseException("Error parsing option " + optionName);
            }
            if (i >= args.length - 1) {
                throw new OptionParseException("Missing argument for " + optionName);
            }
            next = i + 1;
            store(spec, optionName, args[next], out);
        }
        return next;
    }

    private static void store(OptionSpec spec, String optionName, String value, ParsedOptions out)
            throws OptionParseException {
        switch (spec.kind()) {
            case STRING -> out.setValue(spec.key(), value);
            case STRING_ARRAY -> out.append(spec.key(), value);
            case INT -> {
                long v = parseInteger(optionName, value);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw outOfRange(optionName, value);
                }
                out.setValue(spec.key(), (int) v);
            }
            case INT64 -> out.setValue(spec.key(), parseInteger(optionName, value));
            case FLAG -> out.setFlag(spec.key());
        }
    }

    private static long parseInteger(String optionName, String value) throws OptionParseException {
        CInteger.Result r = CInteger.parse(value);
        if (!r.complete()) {
            throw new OptionParseException("Cannot parse integer value “" + value + "” for " + optionName);
        }
        if (r.overflow()) {
            throw outOfRange(optionName, value);
        }
        return r.value();
    }

    private static OptionParseException outOfRange(String optionName, String value) {
        return new OptionParseException("Integer value “" + value + "” for " + optionName + " out of range");
    }

    /**
     * The help text in GLib's layout: usage line, "Help Options:", "Application Options:" with every
     * non-hidden option in table order, descriptions in one column. {@code --help-all} shows the same
     * text because the table is a single group (GLib lists {@code --help-all} only with extra groups).
     */
    public String helpText() {
        char helpShort = byShortName.containsKey('h') ? '?' : 'h';
        int widest = "-?, --help".length();
        for (OptionSpec o : options) {
            if (!o.hidden()) {
                widest = Math.max(widest, labelWidth(o));
            }
        }
        // GLib pads the longest label by 4, and its labels carry 4 more columns ("  " indent and "--").
        int column = widest + 4 + 4;
        StringBuilder sb = new StringBuilder();
        sb.append("Usage:\n  ").append(programName).append(" [OPTION?]");
        if (!parameterString.isEmpty()) {
            sb.append(' ').append(parameterString);
        }
        sb.append("\n\n");
        sb.append("Help Options:\n");
        appendRow(sb, "  -" + helpShort + ", --help", column, "Show help options");
        sb.append('\n');
        if (options.stream().anyMatch(o -> !o.hidden())) {
            sb.append("Application Options:\n");
            for (OptionSpec o : options) {
                if (o.hidden()) {
                    continue;
                }
                StringBuilder label = new StringBuilder("  ");
                if (o.hasShortName()) {
                    label.append('-').append(o.shortName()).append(", ");
                }
                label.append("--").append(o.longName());
                if (o.kind().takesValue() && o.argPlaceholder() != null) {
                    label.append('=').append(o.argPlaceholder());
                }
                appendRow(sb, label.toString(), column, o.description());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static int labelWidth(OptionSpec o) {
        int w = o.longName().length();
        if (o.hasShortName()) {
            w += 4;
        }
        if (o.kind().takesValue() && o.argPlaceholder() != null) {
            w += 1 + o.argPlaceholder().length();
        }
        return w;
    }

    private static void appendRow(StringBuilder sb, String label, int column, String description) {
        sb.append(label);
        sb.append(" ".repeat(Math.max(0, column - label.length())));
        sb.append(' ').append(description).append('\n');
    }
}
