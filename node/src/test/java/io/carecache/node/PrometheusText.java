package io.carecache.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format, version 0.0.4 (what {@code /metrics}
 * serves). Rejects what Prometheus would reject or what breaks the format's rules: malformed lines,
 * names or label values, a sample before its family's {@code # TYPE}, a sample name that does
 * not belong to its family, duplicate series, duplicate {@code # TYPE}, histograms whose buckets
 * are not cumulative or whose {@code +Inf} bucket differs from {@code _count}.
 * (No Prometheus parser for Java is published on Maven Central; the format is small.)
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (\\S+)( .*)?");
    private static final Set<String> TYPES_WITH_SUFFIXES = Set.of("histogram", "summary");

    /** One series: its sample name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A metric family: {@code # TYPE} and its samples in order. */
    record Family(String name, String type, List<Sample> samples) {
        /** Samples named exactly {@code sampleName} whose labels include {@code labels}. */
        List<Sample> find(String sampleName, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(sampleName))
                    .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
        }
    }

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    Set<String> familyNames() {
        return families.keySet();
    }

    /** The one sample named {@code sampleName} with exactly these labels (in any family). */
    Optional<Sample> sample(String sampleName, Map<String, String> labels) {
        return families.values().stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(sampleName) && s.labels().equals(labels)).findFirst();
    }

    /**
     * Parses a whole exposition.
     *
     * @throws IllegalArgumentException naming the line that breaks the format
     */
    static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Set<String> seenSeries = new java.util.HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    requireName(type.group(1), number);
                    if (families.put(type.group(1), new Family(type.group(1), type.group(2), new ArrayList<>())) != null) {
                        throw error(number, "second # TYPE for " + type.group(1));
                    }
                } else if (line.startsWith("# TYPE") || line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
                    throw error(number, "malformed " + line.substring(0, 6));
                }
                continue;
            }
            Sample sample = sample(line, number);
            Family family = familyOf(families, sample.name())
                    .orElseThrow(() -> error(number, "sample " + sample.name() + " before (or without) its # TYPE"));
            if (!seenSeries.add(sample.name() + new TreeMap<>(sample.labels()))) {
                throw error(number, "duplicate series " + sample.name() + sample.labels());
            }
            family.samples().add(sample);
        }
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(PrometheusText::checkHistogram);
        return new PrometheusText(families);
    }

    private static Optional<Family> familyOf(Map<String, Family> families, String sampleName) {
        Family exact = families.get(sampleName);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                Family base = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (base != null && TYPES_WITH_SUFFIXES.contains(base.type())
                        && (!suffix.equals("_bucket") || base.type().equals("histogram"))) {
                    return Optional.of(base);
                }
            }
        }
        return Optional.empty();
    }

    private static Sample sample(String line, int number) {
        int cursor = 0;
        while (cursor < line.length() && line.charAt(cursor) != '{' && line.charAt(cursor) != ' ') {
            cursor++;
        }
        String name = line.substring(0, cursor);
        requireName(name, number);
        Map<String, String> labels = new LinkedHashMap<>();
        if (cursor < line.length() && line.charAt(cursor) == '{') {
            cursor++;
            while (line.charAt(cursor) != '}') {
                int eq = line.indexOf('=', cursor);
                if (eq < 0) {
                    throw error(number, "label without '='");
                }
                String labelName = line.substring(cursor, eq);
                if (!LABEL_NAME.matcher(labelName).matches() || labelName.startsWith("__")) {
                    throw error(number, "bad label name '" + labelName + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw error(number, "label value of " + labelName + " is not quoted");
                }
                StringBuilder value = new StringBuilder();
                int c = eq + 2;
                for (; c < line.length() && line.charAt(c) != '"'; c++) {
                    char ch = line.charAt(c);
                    if (ch == '\\') {
                        char escaped = line.charAt(++c);
                        switch (escaped) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw error(number, "bad escape \\" + escaped);
                        }
                    } else {
                        value.append(ch);
                    }
                }
                if (c >= line.length()) {
                    throw error(number, "unterminated label value");
                }
                if (labels.put(labelName, value.toString()) != null) {
                    throw error(number, "label " + labelName + " twice");
                }
                cursor = c + 1;
                if (line.charAt(cursor) == ',') {
                    cursor++;
                } else if (line.charAt(cursor) != '}') {
                    throw error(number, "expected ',' or '}' after a label");
                }
            }
            cursor++;
        }
        if (cursor >= line.length() || line.charAt(cursor) != ' ') {
            throw error(number, "no value");
        }
        String[] rest = line.substring(cursor + 1).split(" ", -1);
        if (rest.length > 2 || rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
            throw error(number, "expected a value and an optional integer timestamp");
        }
        return new Sample(name, Map.copyOf(labels), value(rest[0], number));
    }

    private static double value(String text, int number) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw error(number, "bad value '" + text + "'");
                }
                return Double.parseDouble(text);
        }
    }

    // Per series (labels without le): buckets cumulative, ending with +Inf equal to _count.
    private static void checkHistogram(Family family) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        for (Sample s : family.samples()) {
            if (s.name().endsWith("_bucket")) {
                if (!s.labels().containsKey("le")) {
                    throw new IllegalArgumentException(family.name() + ": bucket without le");
                }
                Map<String, String> series = new TreeMap<>(s.labels());
                series.remove("le");
                buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
            }
        }
        buckets.forEach((series, list) -> {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample bucket : list) {
                double le = value(bucket.labels().get("le"), 0);
                if (le <= previousLe || bucket.value() < previousCount) {
                    throw new IllegalArgumentException(family.name() + series + ": buckets not ascending and cumulative at le=" + le);
                }
                previousLe = le;
                previousCount = bucket.value();
            }
            if (previousLe != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(family.name() + series + ": no +Inf bucket");
            }
            double count = family.find(family.name() + "_count", series).stream().mapToDouble(Sample::value)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(family.name() + series + ": no _count"));
            if (count != previousCount) {
                throw new IllegalArgumentException(family.name() + series + ": +Inf bucket " + previousCount + " != _count " + count);
            }
        });
    }

    private static void requireName(String name, int number) {
        if (!NAME.matcher(name).matches()) {
            throw error(number, "bad metric name '" + name + "'");
        }
    }

    private static IllegalArgumentException error(int line, String problem) {
        return new IllegalArgumentException("line " + line + ": " + problem);
    }
}
