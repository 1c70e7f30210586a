package io.carecache.internal.phi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the string lists of one top-level section ({@code name}, {@code address}, ...) of a
 * Datafaker locale file. The files are YAML, but these sections use only two shapes — flow lists
 * {@code key: [a, "b", ...]} (possibly over several lines, possibly with an anchor) and block
 * lists of {@code - item} lines — so a small reader is enough, and much faster at start-up than
 * parsing whole files that hold far more than the lists used here. Keys at any depth are
 * returned by their own name; aliases and templates are skipped by the caller.
 */
final class DatafakerLists {
    private DatafakerLists() {
    }

    static Map<String, List<String>> of(String text, String section) {
        Map<String, List<String>> out = new HashMap<>();
        String header = "    " + section + ":";
        int s = text.startsWith(header) ? 0 : text.indexOf("\n" + header);
        if (s < 0) {
            return out;
        }
        int from = s == 0 ? 0 : s + 1;
        int to = sectionEnd(text, from);
        String[] lines = text.substring(from, to).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = stripCr(lines[i]);
            int indent = indent(line);
            if (line.isBlank()) {
                continue;
            }
            if (indent <= 4) {
                break; // the next section
            }
            String trimmed = line.trim();
            int colon = trimmed.indexOf(':');
            if (trimmed.startsWith("-") || trimmed.startsWith("#") || colon <= 0) {
                continue;
            }
            String key = trimmed.substring(0, colon).trim();
            String rest = trimmed.substring(colon + 1).trim();
            if (rest.startsWith("&")) {
                int sp = rest.indexOf(' ');
                rest = sp < 0 ? "" : rest.substring(sp + 1).trim();
            }
            List<String> values = new ArrayList<>();
            if (rest.startsWith("[")) {
                StringBuilder flow = new StringBuilder(rest.substring(1));
                char[] quote = {0};
                boolean done = closes(flow, 0, quote);
                while (!done && i + 1 < lines.length) {
                    int mark = flow.length();
                    flow.append(' ').append(stripCr(lines[++i]).trim());
                    done = closes(flow, mark, quote);
                }
                splitFlow(flow, values);
            } else if (rest.isEmpty() || rest.startsWith("#")) {
                while (i + 1 < lines.length) {
                    String next = stripCr(lines[i + 1]);
                    String t = next.trim();
                    if (indent(next) >= indent && t.startsWith("- ")) {
                        values.add(unquote(t.substring(2).trim()));
                        i++;
                    } else if (t.isEmpty() && i + 2 < lines.length && stripCr(lines[i + 2]).trim().startsWith("- ")) {
                        i++;
                    } else {
                        break;
                    }
                }
            }
            if (!values.isEmpty()) {
                out.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values);
            }
        }
        return out;
    }

    /** Offset of the first line after {@code from} indented by four spaces or less (the next section). */
    private static int sectionEnd(String text, int from) {
        int p = text.indexOf('\n', from);
        while (p >= 0 && p + 1 < text.length()) {
            int q = p + 1;
            int spaces = 0;
            while (q < text.length() && text.charAt(q) == ' ') {
                q++;
                spaces++;
            }
            if (q < text.length() && spaces <= 4 && text.charAt(q) != '\n' && text.charAt(q) != '\r') {
                return p;
            }
            p = text.indexOf('\n', q);
        }
        return text.length();
    }

    /** Whether the flow list text from {@code from} on closes the list; carries the quote state between calls. */
    private static boolean closes(CharSequence flow, int from, char[] quote) {
        for (int i = from; i < flow.length(); i++) {
            char c = flow.charAt(i);
            if (quote[0] != 0) {
                quote[0] = c == quote[0] ? 0 : quote[0];
            } else if (c == '"' || c == '\'') {
                quote[0] = c;
            } else if (c == ']') {
                return true;
            }
        }
        return false;
    }

    private static void splitFlow(CharSequence flow, List<String> values) {
        StringBuilder item = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < flow.length(); i++) {
            char c = flow.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    item.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',' || c == ']') {
                String v = item.toString().trim();
                if (!v.isEmpty()) {
                    values.add(v);
                }
                item.setLength(0);
                if (c == ']') {
                    return;
                }
            } else {
                item.append(c);
            }
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
