package io.carecache.node.internal.config;

import io.carecache.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once in {@link ConfigKeys}: its dotted name (as written in YAML),
 * its type, default, unit, allowed values and a one-line description. The environment variable
 * name is derived from the dotted name, never written by hand.
 *
 * @param name dotted name, e.g. {@code cache.l2.ttl-seconds}
 * @param type how the value is parsed
 * @param defaultValue the built-in default, in the textual form the parser reads
 * @param unit unit of a number ({@code seconds}, {@code entries}, ...); empty when none
 * @param min smallest allowed number (numbers only)
 * @param max largest allowed number (numbers only)
 * @param choices allowed values of a {@link Type#CHOICE}; empty otherwise
 * @param pattern what a {@link Type#TEXT} or {@link Type#LIST} element must match; {@code .*} when anything goes
 * @param allowedText human description of what is allowed, used in messages and {@code KEYS.md}
 * @param secret whether the value must never appear in messages or logs
 * @param description one line saying what the key does
 */
record ConfigKey(String name, Type type, String defaultValue, String unit, long min, long max,
                 List<String> choices, Pattern pattern, String allowedText, boolean secret, String description) {

    /** How a value is read. */
    enum Type {
        INTEGER, DECIMAL, BOOLEAN, TEXT, CHOICE, LIST;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
    }

    static ConfigKey integer(String name, long defaultValue, long min, long max, String unit, String description) {
        return new ConfigKey(name, Type.INTEGER, Long.toString(defaultValue), unit, min, max, List.of(),
                Pattern.compile(".*"), min + " to " + max, false, description);
    }

    static ConfigKey decimal(String name, double defaultValue, long min, long max, String unit, String description) {
        return new ConfigKey(name, Type.DECIMAL, Double.toString(defaultValue), unit, min, max, List.of(),
                Pattern.compile(".*"), min + " to " + max, false, description);
    }

    static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(name, Type.BOOLEAN, Boolean.toString(defaultValue), "", 0, 0, List.of(),
                Pattern.compile(".*"), "true, false", false, description);
    }

    static ConfigKey choice(String name, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(name, Type.CHOICE, defaultValue, "", 0, 0, choices, Pattern.compile(".*"),
                String.join(", ", choices), false, description);
    }

    static ConfigKey text(String name, String defaultValue, String regex, String allowedText, String description) {
        return new ConfigKey(name, Type.TEXT, defaultValue, "", 0, 0, List.of(), Pattern.compile(regex),
                allowedText, false, description);
    }

    static ConfigKey list(String name, List<String> defaultValue, String elementRegex, String allowedText,
                          String description) {
        return new ConfigKey(name, Type.LIST, String.join(",", defaultValue), "", 0, 0, List.of(),
                Pattern.compile(elementRegex), allowedText, false, description);
    }

    /** The same key, marked as holding a secret (its value is never echoed). */
    ConfigKey asSecret() {
        return new ConfigKey(name, type, defaultValue, unit, min, max, choices, pattern, allowedText, true,
                description);
    }

    /** The environment variable: upper case, dots and dashes as underscores. */
    String envName() {
        return envNameOf(name);
    }

    static String envNameOf(String dottedName) {
        return dottedName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Parses a raw value (a YAML scalar or list, or an environment string) into an {@link Integer},
     * {@link Double}, {@link Boolean}, {@link String} or {@code List<String>}.
     *
     * @param raw the value; {@code null} means empty
     * @param origin how the user wrote the setting, e.g. {@code CACHE_L2_TTL_SECONDS} or the key
     *               itself, named first in the message
     * @param where where the value came from, e.g. {@code config/profiles/production.yaml}
     */
    Object parse(Object raw, String origin, String where) {
        if (raw instanceof List<?> items) {
            if (type != Type.LIST) {
                throw invalid(origin, where, "must be " + expectation() + ", was a list");
            }
            List<String> values = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof List<?> || item instanceof java.util.Map<?, ?>) {
                    throw invalid(origin, where, "must be a list of plain values");
                }
                values.add(item == null ? "" : item.toString().trim());
            }
            return checkList(values, origin, where);
        }
        String text = raw == null ? "" : raw.toString().trim();
        return switch (type) {
            case INTEGER -> parseInteger(text, origin, where);
            case DECIMAL -> parseDecimal(text, origin, where);
            case BOOLEAN -> parseBoolean(text, origin, where);
            case CHOICE -> parseChoice(text, origin, where);
            case TEXT -> parseText(text, origin, where);
            case LIST -> checkList(text.isEmpty() ? List.of()
                    : Arrays.stream(text.split(",")).map(String::trim).toList(), origin, where);
        };
    }

    /** The parsed built-in default. */
    Object parsedDefault() {
        return parse(defaultValue, name, "built-in defaults");
    }

    private Integer parseInteger(String text, String origin, String where) {
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(origin, where, "must be " + expectation() + ", was " + shown(text));
        }
        if (value < min || value > max) {
            throw invalid(origin, where, "must be " + expectation() + ", was " + value);
        }
        return (int) value;
    }

    // Plain decimal notation only: Double.parseDouble alone would also take NaN, Infinity and hex floats.
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private Double parseDecimal(String text, String origin, String where) {
        if (!DECIMAL_TEXT.matcher(text).matches()) {
            throw invalid(origin, where, "must be " + expectation() + ", was " + shown(text));
        }
        double value = Double.parseDouble(text);
        if (value < min || value > max) {
            throw invalid(origin, where, "must be " + expectation() + ", was " + text);
        }
        return value;
    }

    private Boolean parseBoolean(String text, String origin, String where) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw invalid(origin, where, "must be true or false, was " + shown(text));
    }

    private String parseChoice(String text, String origin, String where) {
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(text)) {
                return choice;
            }
        }
        throw invalid(origin, where, "must be one of " + allowedText + ", was " + shown(text));
    }

    private String parseText(String text, String origin, String where) {
        if (!pattern.matcher(text).matches()) {
            throw invalid(origin, where, "must be " + allowedText + ", was " + shown(text));
        }
        return text;
    }

    private List<String> checkList(List<String> values, String origin, String where) {
        for (String value : values) {
            if (!pattern.matcher(value).matches()) {
                throw invalid(origin, where, "every element must be " + allowedText + ", was " + shown(value));
            }
        }
        return List.copyOf(values);
    }

    /** "an integer from 1 to 604800 seconds" and the like. */
    String expectation() {
        return switch (type) {
            case INTEGER -> "an integer from " + min + " to " + max + (unit.isEmpty() ? "" : " " + unit);
            case DECIMAL -> "a number from " + min + " to " + max + (unit.isEmpty() ? "" : " " + unit);
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + allowedText;
            case TEXT, LIST -> allowedText;
        };
    }

    private String shown(String text) {
        if (secret) {
            return "(value hidden)";
        }
        return text.isEmpty() ? "empty" : "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
    }

    /** An error naming the setting as written and, when that was the environment name, the key too. */
    InvalidConfigurationException invalid(String origin, String where, String problem) {
        String alias = origin.equals(name) ? "" : "(" + name + ") ";
        return new InvalidConfigurationException(origin, alias + problem + " (from " + where + ")");
    }
}
