package io.carecache.node.internal.cli;

import io.carecache.internal.semantic.SemanticPolicy;
import io.carecache.node.internal.semantic.BgeEmbedder;
import io.carecache.node.internal.semantic.Embedder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code semantic-eval --pairs FILE}: measures the semantic matching rule on labelled question
 * pairs (TSV with header {@code label<TAB>question_a<TAB>question_b}, label 1 when a cached answer
 * to one correctly answers the other). Embeds with the members' model and judges with the lookup
 * path's own {@link SemanticPolicy}; prints precision and recall per base threshold, then as the
 * last line one JSON object for the shipped default.
 */
final class SemanticEvalCommand implements CliCommand {
    private static final double FROM = 0.70;
    private static final double TO = 0.96;
    private static final double STEP = 0.01;

    @Override
    public String name() {
        return "semantic-eval";
    }

    private static final String USAGE = "usage: carecache-node semantic-eval --pairs FILE [--synonyms FILE]"
            + " [--margins ADDITION,SWAP] [--holdout | --show-errors]  (TSV header: label<TAB>question_a<TAB>question_b;"
            + " synonyms: one 'term: form, form' per line)";

    @Override
    public String summary() {
        return "--pairs FILE [--synonyms FILE] [--margins ADDITION,SWAP] [--holdout | --show-errors]: precision/recall"
                + " of semantic matching per threshold on labelled question pairs (TSV); --synonyms adds your own to the"
                + " vocabulary as CareCache.Builder.semanticSynonyms does, --margins sets the margins as"
                + " CareCache.Builder.semanticMargins does; --holdout calibrates on one half and reports the other;"
                + " --show-errors lists the pairs the default judges wrong";
    }

    @Override
    public int run(String[] args) {
        if (!validArgs(args)) {
            System.err.println(USAGE);
            return EXIT_USAGE;
        }
        Optional<Path> pairsFile = Optional.empty();
        Optional<Path> synonymsFile = Optional.empty();
        Optional<String> margins = Optional.empty();
        boolean holdout = false;
        boolean showErrors = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairsFile = Optional.of(Path.of(args[++i]));
                case "--synonyms" -> synonymsFile = Optional.of(Path.of(args[++i]));
                case "--margins" -> margins = Optional.of(args[++i]);
                case "--holdout" -> holdout = true;
                case "--show-errors" -> showErrors = true;
                default -> throw new IllegalStateException("validArgs let through " + args[i]);
            }
        }
        if (pairsFile.isEmpty() || holdout && showErrors) {
            System.err.println(USAGE);
            return EXIT_USAGE;
        }
        List<Pair> pairs;
        SemanticPolicy policy;
        try {
            policy = margins.isPresent() ? withMargins(SemanticPolicy.DEFAULT, margins.get()) : SemanticPolicy.DEFAULT;
        } catch (IllegalArgumentException e) {
            System.err.println("carecache-node semantic-eval: --margins: " + e.getMessage());
            return EXIT_USAGE;
        }
        Path reading = pairsFile.get();
        try {
            pairs = read(reading);
            if (synonymsFile.isPresent()) {
                reading = synonymsFile.get();
                policy = policy.withSynonyms(readSynonyms(reading));
            }
        } catch (IOException e) {
            System.err.println("carecache-node semantic-eval: cannot read " + reading + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IllegalArgumentException e) {
            System.err.println("carecache-node semantic-eval: " + reading + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        try (Embedder embedder = new BgeEmbedder()) {
            if (holdout) {
                holdout(pairs, embedder, policy, System.out);
            } else {
                evaluate(pairs, embedder, policy, System.out, showErrors);
            }
        }
        return EXIT_OK;
    }

    // Every argument is a known option, and the two that take a file have one.
    private static boolean validArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs", "--synonyms", "--margins" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        return false;
                    }
                    i++;
                }
                case "--holdout", "--show-errors" -> { }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code policy} with the margins {@code ADDITION,SWAP} as {@code semanticMargins} takes them.
     *
     * @throws IllegalArgumentException naming the value when it is not two numbers {@code 0 <= addition <= swap <= 0.5}
     */
    static SemanticPolicy withMargins(SemanticPolicy policy, String value) {
        String[] parts = value.split(",");
        try {
            if (parts.length == 2) {
                return policy.withMargins(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new IllegalArgumentException("must read ADDITION,SWAP (two numbers, e.g. 0.08,0.12), was '" + value + "'");
    }

    /**
     * Synonyms as {@code semanticSynonyms} takes them, one term per line: {@code term: form, form};
     * blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the line that is not {@code term: form[, form...]}
     */
    static Map<String, Set<String>> readSynonyms(Path file) throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            List<String> forms = colon < 0 ? List.of() : Arrays.stream(line.substring(colon + 1).split(","))
                    .map(String::strip).filter(f -> !f.isEmpty()).toList();
            if (colon <= 0 || forms.isEmpty()) {
                throw new IllegalArgumentException("line " + (n + 1) + " must read 'term: form, form', was '" + line + "'");
            }
            out.computeIfAbsent(line.substring(0, colon).strip(), t -> new LinkedHashSet<>()).addAll(forms);
        }
        return out;
    }

    /** Scores every pair, prints the table and the default's JSON line; returns the default's figures. */
    static Figures evaluate(List<Pair> pairs, Embedder embedder, PrintStream out) {
        return evaluate(pairs, embedder, SemanticPolicy.DEFAULT, out, false);
    }

    /** As {@link #evaluate(List, Embedder, PrintStream)}; with {@code showErrors}, also the pairs the default judges wrong. */
    static Figures evaluate(List<Pair> pairs, Embedder embedder, SemanticPolicy policy, PrintStream out, boolean showErrors) {
        double[] cosines = cosines(pairs, embedder);
        long positives = pairs.stream().filter(Pair::positive).count();
        out.printf(Locale.ROOT, "%d pairs (%d positive, %d negative), model %s, addition margin %.2f, swap margin %.2f%n",
                pairs.size(), positives, pairs.size() - positives, embedder.modelId(), policy.additionMargin(), policy.swapMargin());
        out.println("threshold  precision  recall  f1     | cosine-only precision  recall");
        for (int step = 0; FROM + step * STEP <= TO + 1e-9; step++) {
            double t = Math.round((FROM + step * STEP) * 100) / 100.0;
            Figures f = measure(pairs, cosines, policy.atThreshold(t));
            Figures raw = measure(pairs, cosines, SemanticPolicy.cosineOnly(t), true);
            out.printf(Locale.ROOT, "%.2f       %.3f      %.3f   %.3f  | %.3f                  %.3f%n",
                    t, f.precision(), f.recall(), f.f1(), raw.precision(), raw.recall());
        }
        if (showErrors) {
            printErrors(pairs, cosines, policy, out);
        }
        Figures d = measure(pairs, cosines, policy);
        out.printf(Locale.ROOT, "{\"threshold\":%.2f, \"precision\":%.4f, \"recall\":%.4f, \"f1\":%.4f, \"pairs\":%d}%n",
                d.threshold(), d.precision(), d.recall(), d.f1(), pairs.size());
        out.flush();
        return d;
    }

    /** The calibration rule: the threshold with the best F1 among those with precision at least this. */
    static final double MIN_PRECISION = 0.97;

    /**
     * Two-fold held-out evaluation: pairs alternate between halves A and B (file order); the base
     * threshold is calibrated on one half (best F1 with precision ≥ {@link #MIN_PRECISION}, ties to
     * the higher threshold) and measured on the other, both ways. Prints one line per fold and, last,
     * the pooled held-out figures as JSON. Returns the pooled figures (threshold: the mean chosen).
     */
    static Figures holdout(List<Pair> pairs, Embedder embedder, PrintStream out) {
        return holdout(pairs, embedder, SemanticPolicy.DEFAULT, out);
    }

    /** As {@link #holdout(List, Embedder, PrintStream)}, reading questions with {@code policy}'s vocabulary. */
    static Figures holdout(List<Pair> pairs, Embedder embedder, SemanticPolicy policy, PrintStream out) {
        double[] cosines = cosines(pairs, embedder);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        double thresholds = 0;
        for (int fold = 0; fold < 2; fold++) {
            List<Integer> calibrate = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                (i % 2 == fold ? calibrate : test).add(i);
            }
            double best = TO;
            double bestF1 = -1;
            for (int step = 0; FROM + step * STEP <= TO + 1e-9; step++) {
                double t = Math.round((FROM + step * STEP) * 100) / 100.0;
                Figures f = measure(subset(pairs, calibrate), subset(cosines, calibrate), policy.atThreshold(t));
                if (f.precision() >= MIN_PRECISION && f.f1() >= bestF1) {
                    best = t;
                    bestF1 = f.f1();
                }
            }
            int[] counts = counts(subset(pairs, test), subset(cosines, test), policy.atThreshold(best));
            tp += counts[0];
            fp += counts[1];
            fn += counts[2];
            thresholds += best;
            Figures held = figures(best, counts);
            out.printf(Locale.ROOT, "fold %d: calibrated on %d pairs -> threshold %.2f; held-out %d pairs: precision %.3f recall %.3f f1 %.3f%n",
                    fold + 1, calibrate.size(), best, test.size(), held.precision(), held.recall(), held.f1());
        }
        Figures pooled = figures(thresholds / 2, new int[] {tp, fp, fn});
        out.printf(Locale.ROOT, "{\"heldout_precision\":%.4f, \"heldout_recall\":%.4f, \"heldout_f1\":%.4f, \"mean_threshold\":%.3f, \"pairs\":%d}%n",
                pooled.precision(), pooled.recall(), pooled.f1(), pooled.threshold(), pairs.size());
        out.flush();
        return pooled;
    }

    private static double[] cosines(List<Pair> pairs, Embedder embedder) {
        List<String> texts = new ArrayList<>(pairs.size() * 2);
        for (Pair p : pairs) {
            texts.add(p.a());
            texts.add(p.b());
        }
        List<float[]> vectors = embedder.embedAll(texts);
        double[] out = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            out[i] = Embedder.cosine(vectors.get(2 * i), vectors.get(2 * i + 1));
        }
        return out;
    }

    // Each pair the policy gets wrong, with its cosine and the rule's verdict: what an operator reads
    // to decide whether a synonym, an opposite or a margin is missing.
    private static void printErrors(List<Pair> pairs, double[] cosines, SemanticPolicy policy, PrintStream out) {
        out.printf(Locale.ROOT, "pairs judged wrong at threshold %.2f:%n", policy.threshold());
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            SemanticPolicy.Verdict verdict = policy.judge(p.a(), p.b(), cosines[i]);
            if (verdict.isMatch() != p.positive()) {
                out.printf(Locale.ROOT, "%s  cosine %.3f  %s  | %s | %s%n", p.positive() ? "missed paraphrase" : "false match",
                        cosines[i], verdict, p.a(), p.b());
            }
        }
    }

    private static List<Pair> subset(List<Pair> pairs, List<Integer> at) {
        return at.stream().map(pairs::get).toList();
    }

    private static double[] subset(double[] values, List<Integer> at) {
        return at.stream().mapToDouble(i -> values[i]).toArray();
    }

    private static Figures measure(List<Pair> pairs, double[] cosines, SemanticPolicy policy) {
        return measure(pairs, cosines, policy, false);
    }

    private static Figures measure(List<Pair> pairs, double[] cosines, SemanticPolicy policy, boolean cosineOnly) {
        return figures(policy.threshold(), counts(pairs, cosines, policy, cosineOnly));
    }

    private static int[] counts(List<Pair> pairs, double[] cosines, SemanticPolicy policy) {
        return counts(pairs, cosines, policy, false);
    }

    // True positives, false positives, false negatives.
    private static int[] counts(List<Pair> pairs, double[] cosines, SemanticPolicy policy, boolean cosineOnly) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            boolean match = cosineOnly ? cosines[i] >= policy.threshold() : policy.judge(p.a(), p.b(), cosines[i]).isMatch();
            if (match && p.positive()) {
                tp++;
            } else if (match) {
                fp++;
            } else if (p.positive()) {
                fn++;
            }
        }
        return new int[] {tp, fp, fn};
    }

    private static Figures figures(double threshold, int[] counts) {
        int tp = counts[0];
        int fp = counts[1];
        int fn = counts[2];
        // Nothing predicted: precision is vacuously 1 (no wrong answer served).
        double precision = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0.0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new Figures(threshold, precision, recall, f1);
    }

    static List<Pair> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals("label\tquestion_a\tquestion_b")) {
            throw new IllegalArgumentException(file + ": the first line must be the header label<TAB>question_a<TAB>question_b");
        }
        List<Pair> pairs = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !(f[0].strip().equals("0") || f[0].strip().equals("1"))
                    || f[1].isBlank() || f[2].isBlank()) {
                throw new IllegalArgumentException(file + " line " + (n + 1)
                        + ": expected label (0 or 1), question_a and question_b separated by tabs");
            }
            pairs.add(new Pair(f[0].strip().equals("1"), f[1].strip(), f[2].strip()));
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no pairs after the header");
        }
        return pairs;
    }

    /** One labelled pair. */
    record Pair(boolean positive, String a, String b) {
    }

    /** Precision, recall and F1 at a base threshold. */
    record Figures(double threshold, double precision, double recall, double f1) {
    }
}
