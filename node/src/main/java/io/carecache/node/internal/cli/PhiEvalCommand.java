package io.carecache.node.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carecache.PhiCategory;
import io.carecache.PhiFinding;
import io.carecache.PhiPolicy;
import io.carecache.PhiScreenResult;
import io.carecache.PhiScreener;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code phi-eval}: measures the screener on the development sets in {@code shared/data/phi}:
 * Presidio's synthetic sentences (entity types mapped to Safe Harbor categories) and the medical
 * dev set (PHI and CLEAN patient messages). Prints per-category recall, precision and F2, and
 * the share of clean medical questions left clean. The mapping and the counting rules are in
 * {@code docs/phi-screening.md}.
 */
public final class PhiEvalCommand implements CliCommand {
    /** Presidio entity types that are not HIPAA identifiers: neither recall nor precision counts them. */
    private static final Set<String> IGNORED = Set.of("ORGANIZATION", "NRP", "TITLE", "GPE");
    private static final Set<PhiCategory> STRUCTURED = Set.of(PhiCategory.SSN, PhiCategory.PHONE, PhiCategory.FAX,
            PhiCategory.EMAIL, PhiCategory.ACCOUNT_NUMBER, PhiCategory.IP_ADDRESS, PhiCategory.URL,
            PhiCategory.LICENSE_NUMBER, PhiCategory.DATE, PhiCategory.MEDICAL_ID, PhiCategory.INSURANCE_ID,
            PhiCategory.DEVICE_ID, PhiCategory.VEHICLE_ID, PhiCategory.OTHER_ID, PhiCategory.AGE_OVER_89);

    private final PrintStream out;

    public PhiEvalCommand() {
        this(System.out);
    }

    PhiEvalCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "phi-eval";
    }

    @Override
    public String summary() {
        return "measure PHI screening on shared/data/phi [--data DIR] [--profile seed|production] [--show-errors]";
    }

    @Override
    public int run(String[] args) {
        PhiPolicy policy;
        Path dir;
        try {
            policy = PhiCli.policy(args);
            String given = PhiCli.option(args, "--data", "");
            Optional<Path> found = given.isEmpty() ? findData() : Optional.of(Path.of(given));
            if (found.isEmpty() || !Files.isDirectory(found.get())) {
                System.err.println("phi-eval: no shared/data/phi found above the working directory; pass --data DIR");
                return EXIT_USAGE;
            }
            dir = found.get();
        } catch (IllegalArgumentException e) {
            System.err.println("phi-eval: " + e.getMessage());
            return EXIT_USAGE;
        }
        boolean showErrors = List.of(args).contains("--show-errors");
        PhiScreener screener = PhiScreener.create(policy);
        try {
            long t0 = System.nanoTime();
            presidio(screener, dir.resolve("presidio_synth_dataset_v2.json"), showErrors);
            medical(screener, dir.resolve("medical_dev.tsv"), showErrors);
            out.printf(Locale.ROOT, "%nprofile: %s; wall time %.1f s%n", policy.profile(), (System.nanoTime() - t0) / 1e9);
            return EXIT_OK;
        } catch (IOException e) {
            System.err.println("phi-eval: cannot read the data: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    static Optional<Path> findData() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            for (Path candidate : List.of(p.resolve("shared/data/phi"), p.resolve("../shared/data/phi"))) {
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
            p = p.getParent();
        }
        return Optional.empty();
    }

    /** Maps a Presidio entity to a Safe Harbor category; empty when it is not an identifier. */
    static Optional<PhiCategory> map(String type, String value) {
        return switch (type) {
            case "PERSON" -> Optional.of(PhiCategory.NAME);
            case "STREET_ADDRESS", "ZIP_CODE" -> Optional.of(PhiCategory.ADDRESS);
            case "PHONE_NUMBER" -> Optional.of(PhiCategory.PHONE);
            case "EMAIL_ADDRESS" -> Optional.of(PhiCategory.EMAIL);
            case "US_SSN" -> Optional.of(PhiCategory.SSN);
            case "CREDIT_CARD", "IBAN_CODE" -> Optional.of(PhiCategory.ACCOUNT_NUMBER);
            case "IP_ADDRESS" -> Optional.of(PhiCategory.IP_ADDRESS);
            case "DOMAIN_NAME" -> Optional.of(PhiCategory.URL);
            case "US_DRIVER_LICENSE" -> Optional.of(PhiCategory.LICENSE_NUMBER);
            case "DATE_TIME" -> fullDate(value) ? Optional.of(PhiCategory.DATE) : Optional.empty();
            case "AGE" -> over89(value) ? Optional.of(PhiCategory.AGE_OVER_89) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A date with a day or month (an identifier), not a bare year, weekday or time. */
    private static boolean fullDate(String v) {
        long digits = v.chars().filter(Character::isDigit).count();
        return digits >= 5 || v.matches("(?i).*\\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\b.*\\d.*");
    }

    private static boolean over89(String v) {
        String d = v.replaceAll("\\D", "");
        return !d.isEmpty() && d.length() <= 3 && Integer.parseInt(d) >= 90;
    }

    private record Gold(int start, int end, Optional<PhiCategory> category, String type) {
    }

    private static final class Tally {
        long goldTotal;
        long goldFound;
        long predicted;
        long predictedTrue;
    }

    private void presidio(PhiScreener screener, Path file, boolean showErrors) throws IOException {
        JsonNode rows = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        Map<PhiCategory, Tally> tallies = new EnumMap<>(PhiCategory.class);
        long sentencesWithPhi = 0;
        long sentencesFlagged = 0;
        long sentencesClean = 0;
        long cleanFlagged = 0;
        List<String> errors = new ArrayList<>();
        for (JsonNode row : rows) {
            String text = row.get("full_text").asText();
            List<Gold> gold = new ArrayList<>();
            for (JsonNode s : row.get("spans")) {
                String type = s.get("entity_type").asText();
                String value = s.get("entity_value").asText();
                gold.add(new Gold(s.get("start_position").asInt(), s.get("end_position").asInt(),
                        map(type, value), type));
            }
            PhiScreenResult result = screener.screen(text);
            List<PhiFinding> flagged = result.findings().stream()
                    .filter(f -> result.excludedCategories().contains(f.category()) && screener.policy().excludes(f))
                    .toList();
            boolean anyGold = gold.stream().anyMatch(g -> g.category().isPresent());
            if (anyGold) {
                sentencesWithPhi++;
                sentencesFlagged += flagged.isEmpty() ? 0 : 1;
            } else {
                sentencesClean++;
                cleanFlagged += flagged.isEmpty() ? 0 : 1;
            }
            for (Gold g : gold) {
                if (g.category().isEmpty()) {
                    continue;
                }
                Tally t = tallies.computeIfAbsent(g.category().get(), c -> new Tally());
                t.goldTotal++;
                boolean hit = flagged.stream().anyMatch(f -> f.start() < g.end() && g.start() < f.end());
                if (hit) {
                    t.goldFound++;
                } else if (showErrors) {
                    errors.add("MISS " + g.type() + " [" + text.substring(g.start(), g.end()) + "] in: " + oneLine(text));
                }
            }
            for (PhiFinding f : flagged) {
                Tally t = tallies.computeIfAbsent(f.category(), c -> new Tally());
                boolean scored = gold.stream().anyMatch(g -> g.category().isPresent() && overlaps(f, g));
                boolean neutral = !scored && gold.stream().anyMatch(g -> g.category().isEmpty() && overlaps(f, g));
                if (neutral) {
                    continue;
                }
                t.predicted++;
                t.predictedTrue += scored ? 1 : 0;
                if (!scored && showErrors) {
                    errors.add("FALSE " + f.category() + " [" + text.substring(f.start(), f.end()) + "] in: " + oneLine(text));
                }
            }
        }
        out.println("Presidio synthetic set (" + rows.size() + " sentences): span recall per gold category,"
                + " precision per predicted category");
        out.println();
        out.println("| category | gold spans | recall | predicted | precision | F2 |");
        out.println("|---|---:|---:|---:|---:|---:|");
        Tally structured = new Tally();
        for (Map.Entry<PhiCategory, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            row(e.getKey().name(), t);
            if (STRUCTURED.contains(e.getKey())) {
                structured.goldTotal += t.goldTotal;
                structured.goldFound += t.goldFound;
                structured.predicted += t.predicted;
                structured.predictedTrue += t.predictedTrue;
            }
        }
        row("structured (all but NAME, ADDRESS)", structured);
        out.printf(Locale.ROOT, "%nsentences with a scored identifier flagged: %d/%d (%.4f); sentences without one"
                        + " flagged anyway: %d/%d%n",
                sentencesFlagged, sentencesWithPhi, ratio(sentencesFlagged, sentencesWithPhi), cleanFlagged, sentencesClean);
        errors.forEach(out::println);
    }

    private void medical(PhiScreener screener, Path file, boolean showErrors) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, long[]> perLabel = new LinkedHashMap<>();
        long clean = 0;
        long cleanKept = 0;
        long phiRows = 0;
        long phiFound = 0;
        List<String> errors = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", 3);
            if (cols.length < 3) {
                continue;
            }
            boolean flagged = screener.screen(cols[2]).excluded();
            if (cols[0].equals("CLEAN")) {
                clean++;
                cleanKept += flagged ? 0 : 1;
                if (flagged && showErrors) {
                    errors.add("FALSE on clean: " + cols[2] + " " + screener.screen(cols[2]));
                }
            } else {
                phiRows++;
                phiFound += flagged ? 1 : 0;
                long[] c = perLabel.computeIfAbsent(cols[1], k -> new long[2]);
                c[0]++;
                c[1] += flagged ? 1 : 0;
                if (!flagged && showErrors) {
                    errors.add("MISS " + cols[1] + ": " + cols[2]);
                }
            }
        }
        long flaggedClean = clean - cleanKept;
        out.println();
        out.println("Medical dev set (" + (clean + phiRows) + " messages): a message counts as flagged when the policy excludes it");
        out.println();
        out.println("| label | messages | flagged (recall) |");
        out.println("|---|---:|---:|");
        perLabel.forEach((k, v) -> out.printf(Locale.ROOT, "| %s | %d | %d (%.3f) |%n", k, v[0], v[1], ratio(v[1], v[0])));
        out.printf(Locale.ROOT, "| all PHI | %d | %d (%.3f) |%n", phiRows, phiFound, ratio(phiFound, phiRows));
        out.printf(Locale.ROOT, "%nclean medical questions left clean: %d/%d (%.3f); message-level precision %.3f, F2 %.3f%n",
                cleanKept, clean, ratio(cleanKept, clean), ratio(phiFound, phiFound + flaggedClean),
                f2(ratio(phiFound, phiFound + flaggedClean), ratio(phiFound, phiRows)));
        errors.forEach(out::println);
    }

    private void row(String name, Tally t) {
        double recall = ratio(t.goldFound, t.goldTotal);
        double precision = ratio(t.predictedTrue, t.predicted);
        out.printf(Locale.ROOT, "| %s | %d | %s | %d | %s | %s |%n", name, t.goldTotal,
                t.goldTotal == 0 ? "-" : String.format(Locale.ROOT, "%.3f", recall), t.predicted,
                t.predicted == 0 ? "-" : String.format(Locale.ROOT, "%.3f", precision),
                t.goldTotal == 0 || t.predicted == 0 ? "-" : String.format(Locale.ROOT, "%.3f", f2(precision, recall)));
    }

    private static boolean overlaps(PhiFinding f, Gold g) {
        return f.start() < g.end() && g.start() < f.end();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    private static double f2(double p, double r) {
        return p + r == 0 ? 0.0 : 5 * p * r / (4 * p + r);
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
