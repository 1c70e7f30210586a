package io.carecache.internal.phi;

import io.carecache.PhiCategory;

import java.time.Year;
import java.util.Set;

/**
 * Dates written with month names ("June 3, 2025", "3rd of June", "Jun 2025") and ages over 89
 * ("96 years old", "aged 93", "my father is 96", "born in 1931"). Numeric dates are read by
 * {@link NumberDetector}. A bare year is not a HIPAA identifier and is left alone, unless it is a
 * birth year that makes the person older than 89.
 */
final class DateAgeDetector {
    private static final Set<String> AGE_AFTER = Set.of("years", "year", "yrs", "yr", "yo", "year-old", "years-old",
            "yrs-old", "yearold");
    private static final Set<String> AGE_BEFORE = Set.of("aged", "age", "ages", "turned", "turning", "turns", "turn");
    private static final Set<String> BE = Set.of("is", "am", "was", "he's", "she's", "i'm", "im", "'s", "being", "just");
    private static final Set<String> SUBJECT = Set.of("i", "he", "she", "mom", "dad", "father", "mother", "grandma",
            "grandpa", "grandmother", "grandfather", "husband", "wife", "patient", "aunt", "uncle", "brother", "sister",
            "he's", "she's", "i'm", "im", "who", "friend", "neighbor", "neighbour", "partner", "son", "daughter",
            "granny", "nana", "papa", "mum", "mama", "spouse", "man", "woman", "lady", "gentleman", "resident");
    private static final Set<String> BIRTH = Set.of("born", "dob", "birth", "b");

    private DateAgeDetector() {
    }

    static void scan(Tokens t, Findings out) {
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] == Tokens.WORD && t.has(i, Lexicon.MONTH)) {
                monthDate(t, i, out);
            } else if (t.kind[i] == Tokens.NUM) {
                age(t, i, out);
                birthYear(t, i, out);
            } else if (t.kind[i] == Tokens.WORD && (t.lower[i].startsWith("ninet") || t.lower[i].equals("hundred"))) {
                wordAge(t, i, out);
            }
        }
    }

    private static void monthDate(Tokens t, int m, Findings out) {
        String month = t.lower[m];
        boolean ambiguous = month.equals("may") || month.equals("mar") || month.equals("jan") && !t.capitalized[m];
        int s = t.start[m];
        int e = t.end[m];
        int k = m + 1;
        if (k < t.size && t.isPunct(k, '.') && t.attached(k)) {
            k++;
        }
        boolean day = false;
        boolean year = false;
        // Month Day[,] [Year]
        int dayEnd = dayAt(t, k);
        if (dayEnd > 0) {
            day = true;
            e = t.end[dayEnd - 1];
            k = dayEnd;
            if (k < t.size && t.isPunct(k, ',')) {
                k++;
            }
            if (isYear(t, k)) {
                year = true;
                e = t.end[k];
            }
        } else if (isYear(t, k) || k < t.size && t.isPunct(k, ',') && isYear(t, k + 1)) {
            int y = isYear(t, k) ? k : k + 1;
            year = true;
            e = t.end[y];
        }
        // Day [of] Month
        int b = m - 1;
        if (b >= 0 && t.is(b, "of")) {
            b--;
        }
        if (!day && b >= 0 && isDayToken(t, b)) {
            day = true;
            s = t.start[b];
        } else if (!day && b >= 1 && t.kind[b] == Tokens.WORD && isOrdinalSuffix(t.lower[b]) && t.attached(b)
                && isDayNumber(t, b - 1)) {
            day = true;
            s = t.start[b - 1];
        }
        if (!day && !year || ambiguous && !day && !(year && t.capitalized[m])) {
            return;
        }
        if (ambiguous && day && !t.capitalized[m] && !year) {
            return;
        }
        int tok = m;
        boolean cue = t.cueBefore(tok, 5, NumberDetector.DATE_CUES) || s < t.start[m] && t.cueBefore(tok - 1, 5, NumberDetector.DATE_CUES);
        double conf = day && year ? (cue ? 0.95 : 0.87) : day ? (cue ? 0.9 : 0.75) : (cue ? 0.85 : 0.6);
        out.add(PhiCategory.DATE, s, e, conf);
    }

    private static int dayAt(Tokens t, int k) {
        if (isDayNumber(t, k)) {
            if (k + 1 < t.size && t.kind[k + 1] == Tokens.WORD && t.attached(k + 1) && isOrdinalSuffix(t.lower[k + 1])) {
                return k + 2;
            }
            return k + 1;
        }
        if (k < t.size && t.kind[k] == Tokens.ALNUM && isOrdinalAlnum(t.lower[k])) {
            return k + 1;
        }
        return -1;
    }

    private static boolean isDayToken(Tokens t, int k) {
        return isDayNumber(t, k) || k < t.size && t.kind[k] == Tokens.ALNUM && isOrdinalAlnum(t.lower[k]);
    }

    private static boolean isDayNumber(Tokens t, int k) {
        if (k < 0 || k >= t.size || t.kind[k] != Tokens.NUM || t.end[k] - t.start[k] > 2) {
            return false;
        }
        int v = Integer.parseInt(t.lower[k]);
        return v >= 1 && v <= 31;
    }

    private static boolean isOrdinalAlnum(String s) {
        if (s.length() < 3 || s.length() > 4) {
            return false;
        }
        String suffix = s.substring(s.length() - 2);
        String num = s.substring(0, s.length() - 2);
        if (!isOrdinalSuffix(suffix) || !num.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int v = Integer.parseInt(num);
        return v >= 1 && v <= 31;
    }

    private static boolean isOrdinalSuffix(String s) {
        return s.equals("st") || s.equals("nd") || s.equals("rd") || s.equals("th");
    }

    private static boolean isYear(Tokens t, int k) {
        if (k < 0 || k >= t.size || t.kind[k] != Tokens.NUM || t.end[k] - t.start[k] != 4) {
            return false;
        }
        int y = Integer.parseInt(t.lower[k]);
        return y >= 1850 && y <= 2150;
    }

    private static void age(Tokens t, int i, Findings out) {
        int len = t.end[i] - t.start[i];
        if (len < 2 || len > 3) {
            return;
        }
        int v = Integer.parseInt(t.lower[i]);
        if (v < 90 || v > 125) {
            return;
        }
        if (i + 1 < t.size && t.kind[i + 1] == Tokens.PUNCT && (t.punct(i + 1) == '.' || t.punct(i + 1) == ',' || t.punct(i + 1) == '/')
                && i + 2 < t.size && t.kind[i + 2] == Tokens.NUM && t.attached(i + 1) && t.attached(i + 2)) {
            return; // 96.5, 90/60, 1,000
        }
        int e = t.end[i];
        boolean after = false;
        int k = i + 1;
        if (k < t.size && t.isPunct(k, '-')) {
            k++;
        }
        if (k < t.size && AGE_AFTER.contains(t.lower[k])) {
            after = true;
            e = t.end[k];
            // "96 years old", "96-year-old", "96 yrs. old"
            if (k + 1 < t.size && t.is(k + 1, "old")) {
                e = t.end[k + 1];
            } else if (k + 2 < t.size && t.is(k + 2, "old") && t.kind[k + 1] == Tokens.PUNCT) {
                e = t.end[k + 2];
            }
        } else if (k + 2 < t.size && t.is(k, "y") && t.isPunct(k + 1, '/') && t.is(k + 2, "o")) {
            after = true;
            e = t.end[k + 2];
        }
        boolean unitAfter = k < t.size && (t.has(k, Lexicon.UNIT) || t.has(k, Lexicon.MEASURE) || t.isPunct(k, '%')
                || t.isPunct(k, '°'));
        boolean before = t.cueBefore(i, 1, AGE_BEFORE) || i >= 2 && AGE_BEFORE.contains(t.lower[i - 2]) && t.kind[i - 1] == Tokens.PUNCT;
        boolean subject = false;
        if (!unitAfter && i >= 1 && BE.contains(t.lower[i - 1])) {
            for (int p = i - 2; p >= 0 && p >= i - 5; p--) {
                if (t.kind[p] == Tokens.PUNCT && ".!?".indexOf(t.punct(p)) >= 0) {
                    break;
                }
                if (t.has(p, Lexicon.MEASURE) || t.has(p, Lexicon.UNIT)) {
                    break;
                }
                if (SUBJECT.contains(t.lower[p]) || t.has(p, Lexicon.RELATION) || t.kind[p] == Tokens.WORD && t.capitalized[p]
                        && t.has(p, Lexicon.NAME)) {
                    subject = true;
                    break;
                }
            }
            subject |= SUBJECT.contains(t.lower[i - 1]);
        }
        if (after || before && !unitAfter || subject) {
            out.add(PhiCategory.AGE_OVER_89, t.start[i], e, after || before ? 0.93 : 0.9);
        }
    }

    private static void wordAge(Tokens t, int i, Findings out) {
        String w = t.lower[i];
        if (!(w.startsWith("ninety") || w.equals("hundred"))) {
            return;
        }
        int k = i + 1;
        while (k < t.size && k <= i + 3 && !AGE_AFTER.contains(t.lower[k]) && !t.has(k, Lexicon.UNIT)) {
            k++;
        }
        boolean before = t.cueBefore(i, 2, AGE_BEFORE) || i >= 1 && BE.contains(t.lower[i - 1]);
        if (k < t.size && k <= i + 3 && AGE_AFTER.contains(t.lower[k]) || before && !t.has(i + 1, Lexicon.UNIT)) {
            out.add(PhiCategory.AGE_OVER_89, t.start[i], t.end[Math.min(k, t.size - 1)], 0.88);
        }
    }

    private static void birthYear(Tokens t, int i, Findings out) {
        if (!isYear(t, i) || out.overlapsAny(t.start[i], t.end[i])) {
            return;
        }
        int y = Integer.parseInt(t.lower[i]);
        if (Year.now().getValue() - y < 90) {
            return;
        }
        if (t.cueBefore(i, 3, BIRTH)) {
            out.add(PhiCategory.AGE_OVER_89, t.start[i], t.end[i], 0.9);
        }
    }
}
