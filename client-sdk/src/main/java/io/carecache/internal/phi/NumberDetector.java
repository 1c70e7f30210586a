package io.carecache.internal.phi;

import io.carecache.PhiCategory;

import java.util.Set;

/**
 * Digit sequences: a run of digit groups joined by single separators (space, dash, dot, slash,
 * parentheses), read once from left to right. Each sequence is then classified by its shape,
 * its check digits and the words just before it: numeric dates, IPv4, SSN, payment cards (Luhn),
 * NPI (Luhn over 80840), phone and fax numbers, and long identifying numbers.
 */
final class NumberDetector {
    private static final int MAX_GROUPS = 12;

    static final Set<String> PHONE_CUES = Set.of("phone", "tel", "telephone", "call", "cell", "cellphone", "mobile",
            "text", "reach", "contact", "fax", "ph", "mob", "desk", "office", "home", "whatsapp", "sms", "dial",
            "landline", "pager", "number", "ring", "callback", "voicemail", "tlf", "telefon", "tél");
    static final Set<String> FAX_CUES = Set.of("fax", "facsimile", "telefax");
    static final Set<String> SSN_CUES = Set.of("ssn", "social", "security", "ss", "ssa", "ss#");
    static final Set<String> CARD_CUES = Set.of("card", "visa", "mastercard", "amex", "credit", "debit", "cc",
            "discover", "maestro", "jcb", "diners");
    static final Set<String> NPI_CUES = Set.of("npi");
    static final Set<String> DATE_CUES = Set.of("dob", "born", "birth", "birthday", "birthdate", "admitted",
            "admission", "discharged", "discharge", "died", "death", "deceased", "passed", "surgery", "operation",
            "procedure", "appointment", "appt", "visit", "seen", "date", "dated", "on", "since", "until", "expires",
            "expiry", "diagnosed", "delivered", "due", "scheduled", "admit", "dod", "doa", "d.o.b");
    static final Set<String> IP_CUES = Set.of("ip", "address", "accessed", "from", "server", "host");

    private NumberDetector() {
    }

    static void scan(String text, Tokens tokens, Findings out) {
        int n = text.length();
        int[] gs = new int[MAX_GROUPS];
        int[] ge = new int[MAX_GROUPS];
        char[] sep = new char[MAX_GROUPS];
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean plus = c == '+' && i + 1 < n && isDigit(text.charAt(i + 1));
            boolean paren = c == '(' && i + 1 < n && isDigit(text.charAt(i + 1));
            if (!(isDigit(c) || plus || paren) || i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1))
                    || text.charAt(i - 1) == '.' && i > 1 && isDigit(text.charAt(i - 2))
                    || text.charAt(i - 1) == '-' && i > 1 && Character.isLetterOrDigit(text.charAt(i - 2)))) {
                i++;
                continue;
            }
            int seqStart = i;
            int p = plus || paren ? i + 1 : i;
            int groups = 0;
            boolean overflow = false;
            while (true) {
                int s = p;
                while (p < n && isDigit(text.charAt(p))) {
                    p++;
                }
                if (groups < MAX_GROUPS) {
                    gs[groups] = s;
                    ge[groups] = p;
                } else {
                    overflow = true;
                }
                groups++;
                // separator: one of " -./", or a parenthesis with an optional space: "(917) 555", "+46 (0)157"
                int q = p;
                while (q < n && q - p < 3 && isSeparator(text.charAt(q))) {
                    q++;
                }
                char kind = q > p && q < n && isDigit(text.charAt(q)) ? separatorKind(text, p, q) : 0;
                if (kind != 0) {
                    if (groups <= MAX_GROUPS) {
                        sep[groups - 1] = kind;
                    }
                    p = q;
                    continue;
                }
                break;
            }
            int end = p;
            // phone extension: x123, ext 123, ext. 123
            int ext = extension(text, end);
            // glued to letters ("81mg") or hyphenated into a letter-digit code ("74422848-fcfe-..."): not a number
            boolean glued = end < n && Character.isLetter(text.charAt(end)) && ext == end
                    || end + 1 < n && text.charAt(end) == '-' && Character.isLetter(text.charAt(end + 1))
                    && codeContinues(text, end + 1);
            if (!overflow && !glued) {
                classify(text, tokens, out, seqStart, end, ext, gs, ge, sep, groups, plus);
            } else if (overflow) {
                out.add(PhiCategory.OTHER_ID, seqStart, end, 0.85);
            }
            i = Math.max(ext, i + 1);
        }
    }

    /** Whether the letters after a hyphen run on into a letter-digit code ("fcfe-430a") rather than a word ("Fax"). */
    private static boolean codeContinues(String text, int from) {
        int n = text.length();
        for (int i = from; i < n && i - from < 40; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                return true;
            }
            if (!Character.isLetter(c) && c != '-') {
                return false;
            }
        }
        return false;
    }

    private static int extension(String text, int end) {
        int n = text.length();
        int q = end;
        if (q < n && (text.charAt(q) == 'x' || text.charAt(q) == 'X')) {
            q++;
        } else if (text.regionMatches(true, q, " ext", 0, 4)) {
            q += 4;
            if (q < n && text.charAt(q) == '.') {
                q++;
            }
            if (q < n && text.charAt(q) == ' ') {
                q++;
            }
        } else {
            return end;
        }
        int s = q;
        while (q < n && isDigit(text.charAt(q)) && q - s < 6) {
            q++;
        }
        return q > s && (q >= n || !Character.isLetterOrDigit(text.charAt(q))) ? q : end;
    }

    private static void classify(String text, Tokens t, Findings out, int s, int e, int ext, int[] gs, int[] ge,
                                 char[] sep, int groups, boolean plus) {
        StringBuilder digits = new StringBuilder(e - s);
        boolean allSlash = groups > 1;
        boolean allDot = groups > 1;
        boolean allDash = groups > 1;
        boolean allSpace = groups > 1;
        int singleDigitGroups = 0;
        for (int g = 0; g < groups; g++) {
            digits.append(text, gs[g], ge[g]);
            if (ge[g] - gs[g] == 1) {
                singleDigitGroups++;
            }
            if (g < groups - 1) {
                allSlash &= sep[g] == '/';
                allDot &= sep[g] == '.';
                allDash &= sep[g] == '-';
                allSpace &= sep[g] == ' ';
            }
        }
        int d = digits.length();
        int tok = t.tokenAtOrAfter(s);
        boolean dateCue = t.cueBefore(tok, 4, DATE_CUES);

        if (groups == 3 && (allSlash || allDot || allDash) && isDate(text, gs, ge)) {
            out.add(PhiCategory.DATE, s, timeEnd(text, e), dateCue ? 0.95 : 0.87);
            return;
        }
        if (allSlash) {
            if (groups == 2 && dateCue && isMonthDay(text, gs[0], ge[0], gs[1], ge[1])) {
                out.add(PhiCategory.DATE, s, e, 0.85);
            }
            return; // fractions, blood pressure, ratios
        }
        if (allDot && groups == 4 && isIpv4(text, gs, ge)) {
            out.add(PhiCategory.IP_ADDRESS, s, e, t.cueBefore(tok, 4, IP_CUES) ? 0.95 : 0.9);
            return;
        }
        if (allDot && groups == 2 || groups == 1 && d < 5) {
            return; // decimals and small numbers
        }
        boolean ssnShape = groups == 3 && len(gs, ge, 0) == 3 && len(gs, ge, 1) == 2 && len(gs, ge, 2) == 4
                && (allDash || allSpace);
        boolean ssnCue = t.cueBefore(tok, 5, SSN_CUES);
        if (ssnShape && Checksums.ssn(digits)) {
            out.add(PhiCategory.SSN, s, e, ssnCue ? 0.97 : allDash ? 0.93 : 0.85);
            return;
        }
        if (d == 9 && groups == 1 && ssnCue) {
            out.add(PhiCategory.SSN, s, e, 0.97);
            return;
        }
        boolean cardCue = t.cueBefore(tok, 5, CARD_CUES);
        if (d >= 12 && d <= 19 && cardShape(gs, ge, groups) && !plus) {
            if (Checksums.luhn(digits)) {
                out.add(PhiCategory.ACCOUNT_NUMBER, s, e, cardCue || d >= 13 ? 0.96 : 0.9);
                return;
            }
            if (cardCue) {
                out.add(PhiCategory.ACCOUNT_NUMBER, s, e, 0.88);
                return;
            }
        }
        if (d == 10 && groups == 1 && t.cueBefore(tok, 4, NPI_CUES) && Checksums.npi(digits)) {
            out.add(PhiCategory.OTHER_ID, s, e, 0.97);
            return;
        }
        if (d >= 7 && d <= 15 && singleDigitGroups <= 1 && !allDot || allDot && groups >= 3 && d >= 8 && d <= 12) {
            double conf = phoneConfidence(text, gs, ge, sep, groups, d, plus, t.cueBefore(tok, 6, PHONE_CUES));
            if (conf > 0) {
                boolean fax = t.cueBefore(tok, 4, FAX_CUES) || t.cueAfter(t.tokenAtOrAfter(ext), 2, FAX_CUES);
                out.add(fax ? PhiCategory.FAX : PhiCategory.PHONE, s, ext, conf);
                return;
            }
        }
        if (d >= 8) {
            out.add(PhiCategory.OTHER_ID, s, e, 0.85);
        }
    }

    private static double phoneConfidence(String text, int[] gs, int[] ge, char[] sep, int groups, int d,
                                          boolean plus, boolean cue) {
        if (plus && d >= 8) {
            return 0.96;
        }
        if (groups == 1) {
            if (d == 10 || d == 11 && text.charAt(gs[0]) == '1') {
                return cue ? 0.95 : 0.86;
            }
            return cue && d >= 7 ? 0.9 : 0;
        }
        boolean nanp = d == 10 && groups >= 2 && len(gs, ge, groups - 1) == 4 || d == 11 && text.charAt(gs[0]) == '1';
        if (nanp) {
            return 0.95;
        }
        if (d == 7 && groups == 2 && len(gs, ge, 0) == 3 && len(gs, ge, 1) == 4) {
            return cue ? 0.95 : 0.85;
        }
        if (d >= 8 && d <= 13) {
            return cue ? 0.95 : 0.88;
        }
        return cue ? 0.9 : 0;
    }

    private static boolean cardShape(int[] gs, int[] ge, int groups) {
        if (groups == 1) {
            return true;
        }
        for (int g = 0; g < groups - 1; g++) {
            if (len(gs, ge, g) != 4 && !(groups == 3 && g == 1 && len(gs, ge, g) == 6)) {
                return false;
            }
        }
        return len(gs, ge, groups - 1) <= 6;
    }

    private static boolean isDate(String text, int[] gs, int[] ge) {
        int a = value(text, gs[0], ge[0]);
        int b = value(text, gs[1], ge[1]);
        int c = value(text, gs[2], ge[2]);
        int la = ge[0] - gs[0];
        int lc = ge[2] - gs[2];
        if (la == 4) { // yyyy-mm-dd
            return year(a) && b >= 1 && b <= 12 && c >= 1 && c <= 31 && lc <= 2;
        }
        if (la > 2 || ge[1] - gs[1] > 2 || !(lc == 2 || lc == 4)) {
            return false;
        }
        boolean y = lc == 2 || year(c);
        return y && (a >= 1 && a <= 12 && b >= 1 && b <= 31 || b >= 1 && b <= 12 && a >= 1 && a <= 31);
    }

    private static boolean isMonthDay(String text, int s1, int e1, int s2, int e2) {
        int a = value(text, s1, e1);
        int b = value(text, s2, e2);
        return e1 - s1 <= 2 && e2 - s2 <= 2 && (a >= 1 && a <= 12 && b >= 1 && b <= 31 || b >= 1 && b <= 12 && a >= 1 && a <= 31);
    }

    private static boolean year(int y) {
        return y >= 1850 && y <= 2150;
    }

    /** Extends a date over a following clock time "22:50:23" so the pair is one finding. */
    private static int timeEnd(String text, int e) {
        int n = text.length();
        int q = e;
        if (q + 1 < n && (text.charAt(q) == ' ' || text.charAt(q) == 'T') && isDigit(text.charAt(q + 1))) {
            int r = q + 1;
            int colons = 0;
            while (r < n && r - q < 10 && (isDigit(text.charAt(r)) || text.charAt(r) == ':')) {
                colons += text.charAt(r) == ':' ? 1 : 0;
                r++;
            }
            if (colons >= 1) {
                return r;
            }
        }
        return e;
    }

    private static boolean isIpv4(String text, int[] gs, int[] ge) {
        for (int g = 0; g < 4; g++) {
            if (ge[g] - gs[g] > 3 || value(text, gs[g], ge[g]) > 255) {
                return false;
            }
        }
        return true;
    }

    private static int len(int[] gs, int[] ge, int g) {
        return ge[g] - gs[g];
    }

    private static int value(String text, int s, int e) {
        int v = 0;
        for (int i = s; i < e && i - s < 9; i++) {
            v = v * 10 + (text.charAt(i) - '0');
        }
        return v;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\u00a0';
    }

    /** The kind of a 1-3 character separator, or 0 when it does not join two digit groups. */
    private static char separatorKind(String text, int s, int e) {
        boolean paren = false;
        int spaces = 0;
        char other = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '(' || c == ')') {
                paren = true;
            } else if (c == ' ' || c == '\u00a0') {
                spaces++;
            } else if (other == 0) {
                other = c;
            } else {
                return 0;
            }
        }
        if (paren) {
            return other == 0 || other == '-' ? '(' : 0;
        }
        if (e - s == 1) {
            return other == 0 ? ' ' : other;
        }
        return other == '-' && spaces <= 2 ? '-' : 0;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
