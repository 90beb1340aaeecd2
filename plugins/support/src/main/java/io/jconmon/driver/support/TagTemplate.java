package io.jconmon.driver.support;

import io.jconmon.spi.ContainerInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of Docker's log-tag templates (Go text/template over {@code logger.Info}) that the
 * monitor can fill in: literal text and the actions {@code {{.ID}}} (12-character id),
 * {@code {{.FullID}}}, {@code {{.Name}}} (without a leading {@code /}) and {@code {{.ImageID}}},
 * {@code {{.ImageFullID}}}, {@code {{.ImageName}}}, which are empty because conmon is never told the
 * image. Spaces inside an action and the {@code {{- }} / {@code  -}}} trim markers work as in Go;
 * anything else (functions, pipelines, other fields) is rejected when the driver opens.
 */
public final class TagTemplate {

    /** The fields an action may name, as listed in error messages. */
    public static final String SUPPORTED =
            "{{.ID}}, {{.FullID}}, {{.Name}}, {{.ImageID}}, {{.ImageFullID}}, {{.ImageName}}";

    private enum Field { ID, FULL_ID, NAME, EMPTY }

    /** A literal piece (field null) or a field. */
    private record Part(String text, Field field) {}

    private final List<Part> parts;

    private TagTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException with a message for the user when the template is outside the
     *     supported subset
     */
    public static TagTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                text.append(template, i, template.length());
                break;
            }
            text.append(template, i, open);
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed action in template \"" + template + "\"");
            }
            String action = template.substring(open + 2, close);
            // Go: "{{- " trims the white space before the action, " -}}" the white space after it.
            boolean trimBefore = action.length() >= 2 && action.charAt(0) == '-' && isSpace(action.charAt(1));
            boolean trimAfter = action.length() >= 2 && action.charAt(action.length() - 1) == '-'
                    && isSpace(action.charAt(action.length() - 2));
            String body = action.substring(trimBefore ? 1 : 0, action.length() - (trimAfter ? 1 : 0)).strip();
            Field field = switch (body) {
                case ".ID" -> Field.ID;
                case ".FullID" -> Field.FULL_ID;
                case ".Name" -> Field.NAME;
                case ".ImageID", ".ImageFullID", ".ImageName" -> Field.EMPTY;
                default -> throw new IllegalArgumentException("unsupported action \"{{" + action
                        + "}}\" in template \"" + template + "\" (supported: " + SUPPORTED + ")");
            };
            if (trimBefore) {
                trimTrailingSpace(text);
            }
            if (!text.isEmpty()) {
                parts.add(new Part(text.toString(), null));
                text.setLength(0);
            }
            parts.add(new Part(null, field));
            i = close + 2;
            if (trimAfter) {
                while (i < template.length() && isSpace(template.charAt(i))) {
                    i++;
                }
            }
        }
        if (!text.isEmpty()) {
            parts.add(new Part(text.toString(), null));
        }
        return new TagTemplate(List.copyOf(parts));
    }

    /** The tag for one container; empty when every piece is empty. */
    public String expand(ContainerInfo container) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.field() == null) {
                out.append(part.text());
                continue;
            }
            out.append(switch (part.field()) {
                case ID -> container.shortId();
                case FULL_ID -> container.id();
                case NAME -> {
                    String name = container.name().orElse("");
                    yield name.startsWith("/") ? name.substring(1) : name;
                }
                case EMPTY -> "";
            });
        }
        return out.toString();
    }

    // Go's text/template trims these four.
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static void trimTrailingSpace(StringBuilder text) {
        int end = text.length();
        while (end > 0 && isSpace(text.charAt(end - 1))) {
            end--;
        }
        text.setLength(end);
    }
}
