package io.carecache.internal.phi;

import io.carecache.PhiCategory;

import java.util.Set;

/**
 * Geographic units smaller than a state: street addresses in English and continental forms
 * ("310 Birch Lane", "Via Roma 131", "Friedhofstrasse 33", "ul. Jarzębinowa 5"), unit lines
 * ("Apt. 864", "Suite 279", "PO Box 12", "PSC 3294, Box 9168", "APO AE 73472"), ZIP and postal
 * codes after a state, a country or a cue, and whatever follows an address cue ("lives at",
 * "Address:") up to the end of the clause. City names are caught as part of the address they
 * belong to. Each rule looks at a bounded window of tokens.
 */
final class AddressDetector {
    private static final int MAX_NAME_TOKENS = 6;
    private static final Set<String> CUE_PAIRS = Set.of("lives at", "live at", "living at", "located at", "moved to",
            "move to", "moving to", "deliver to", "delivered to", "send to", "sent to", "ship to", "shipped to",
            "mail to", "meet at", "taxi to", "off at", "is on", "lives on", "live on",
            "reside at", "resides at", "residing at", "stay at", "staying at", "address to", "address is",
            "address:", "arrived at", "corner of", "house at", "home at", "apartment at", "drop at", "pick up at",
            "pickup at", "come to", "address is:", "located on", "street address", "address", "is at", "are at",
            "restaurant at", "office at", "clinic at");
    private static final Set<String> MILITARY = Set.of("apo", "fpo", "dpo");
    private static final Set<String> ZIP_CUES = Set.of("zip", "zipcode", "postcode", "postal", "post");
    private static final String[] STREET_MORPHEMES = {"strasse", "straße", "str", "gasse", "weg", "allee", "platz",
            "damm", "vej", "gade", "gatan", "vägen", "veien", "stræde", "laan", "straat", "plein", "gracht", "katu",
            "tie", "kuja", "polku", "utca", "ulica", "ulice", "torget", "vegur", "stræti", "straeti", "gata", "väg"};

    private AddressDetector() {
    }

    static void scan(Tokens t, Findings out) {
        for (int i = 0; i < t.size; i++) {
            int end = -1;
            double conf = 0;
            if (t.kind[i] == Tokens.NUM || t.kind[i] == Tokens.ALNUM && leadingDigit(t, i)) {
                end = numberedStreet(t, i);
                conf = 0.95;
            }
            if (end < 0 && t.kind[i] == Tokens.WORD) {
                if (t.has(i, Lexicon.STREET_PREFIX) && (t.capitalized[i] || !t.mixedCase) && !t.is(i, "av") || t.is(i, "ul")) {
                    end = prefixedStreet(t, i);
                    conf = 0.93;
                } else if (t.capitalized[i] && hasStreetMorpheme(t.lower[i])) {
                    end = numberAfter(t, i + 1);
                    conf = 0.93;
                } else if (t.has(i, Lexicon.UNIT_DESIGNATOR)) {
                    end = unitLine(t, i);
                    conf = 0.92;
                } else if (MILITARY.contains(t.lower[i]) && t.allCaps[i]) {
                    end = military(t, i);
                    conf = 0.95;
                } else if (ZIP_CUES.contains(t.lower[i])) {
                    end = zipAfterCue(t, i);
                    conf = 0.95;
                }
            }
            if (end > 0) {
                end = extendTail(t, t.tokenAtOrAfter(end), end);
                int from = i;
                if (i > 0 && t.kind[i - 1] == Tokens.NUM && !t.newlineBefore[i] && t.end[i - 1] - t.start[i - 1] <= 6) {
                    from = i - 1; // building number before a continental street: "974 Via Roma 131"
                }
                out.add(PhiCategory.ADDRESS, t.start[from], end, conf);
                i = t.tokenAtOrAfter(end) - 1;
                continue;
            }
            // state / country followed by a postal code
            if (t.kind[i] == Tokens.WORD && (t.allCaps[i] && t.has(i, Lexicon.STATE_ABBR) && i > 0 && !t.sentenceStart(i)
                    || t.capitalized[i] && !t.has(i, Lexicon.STOP) && (t.has(i, Lexicon.STATE) || t.has(i, Lexicon.COUNTRY)))) {
                int z = postalCode(t, i + 1, t.has(i, Lexicon.STATE_ABBR) || t.has(i, Lexicon.STATE));
                if (z > 0) {
                    out.add(PhiCategory.ADDRESS, t.start[i], z, t.has(i, Lexicon.COUNTRY) ? 0.88 : 0.93);
                    i = t.tokenAtOrAfter(z) - 1;
                    continue;
                }
            }
            // a place and its postal code: "in Bjert 6091", "Aalborg NO 9100"
            if (t.kind[i] == Tokens.WORD && t.capitalized[i] && !t.has(i, Lexicon.COMMON) && !t.has(i, Lexicon.MONTH)
                    && !t.has(i, Lexicon.STOP) && i > 0 && (t.is(i - 1, "in") || t.is(i - 1, "near") || t.isPunct(i - 1, ','))) {
                int k = i + 1;
                if (k < t.size && t.allCaps[k] && t.end[k] - t.start[k] == 2 && t.kind[k] == Tokens.WORD) {
                    k++;
                }
                int z = postalCode(t, k, false);
                int zt = z > 0 ? t.tokenAtOrAfter(z) : -1;
                if (z > 0 && t.end[k] - t.start[k] >= 4 && (zt >= t.size || !t.has(zt, Lexicon.UNIT) && !t.has(zt, Lexicon.MEASURE))) {
                    out.add(PhiCategory.ADDRESS, t.start[i], z, 0.85);
                    i = zt - 1;
                    continue;
                }
            }
            // "a geriatric doctor in 60614"
            if (t.kind[i] == Tokens.NUM && t.end[i] - t.start[i] == 5 && i > 0
                    && (t.is(i - 1, "in") || t.is(i - 1, "near") || t.is(i - 1, "around") || t.is(i - 1, "zip"))
                    && (i + 1 >= t.size || t.kind[i + 1] == Tokens.PUNCT && ".,?!;)".indexOf(t.punct(i + 1)) >= 0
                    || t.is(i + 1, "area") || t.is(i + 1, "and") || t.is(i + 1, "or"))) {
                out.add(PhiCategory.ADDRESS, t.start[i], t.end[i], 0.85);
                continue;
            }
            if (isAddressCue(t, i)) {
                int s = i + 1;
                while (s < t.size && t.kind[s] == Tokens.PUNCT && ":-".indexOf(t.punct(s)) >= 0) {
                    s++;
                }
                int e = cuedAddress(t, s, out);
                if (e > 0) {
                    out.add(PhiCategory.ADDRESS, t.start[s], e, 0.9);
                    i = t.tokenAtOrAfter(e) - 1;
                }
            }
        }
    }

    private static boolean leadingDigit(Tokens t, int i) {
        char c = t.text.charAt(t.start[i]);
        int len = t.end[i] - t.start[i];
        return c >= '0' && c <= '9' && len <= 6 && Character.isLetter(t.text.charAt(t.end[i] - 1))
                && !DateAgeDetectorOrdinal.isOrdinal(t.lower[i]);
    }

    /** "310 Birch Lane", "636 1812 Rue De La Gare", "6138 Via Roma 131", "50541 Mlýnská 1540". */
    private static int numberedStreet(Tokens t, int i) {
        int len = t.end[i] - t.start[i];
        if (len > 6) {
            return -1;
        }
        int k = i + 1;
        if (k < t.size && t.kind[k] == Tokens.NUM && !t.newlineBefore[k] && t.end[k] - t.start[k] <= 5) {
            k++; // a second number: "636 1812 Rue ...", "0896 69 Farnell Street"
        }
        int names = 0;
        boolean street = false;
        int lastName = -1;
        while (k < t.size && names < MAX_NAME_TOKENS && !t.newlineBefore[k]) {
            if (t.kind[k] == Tokens.WORD && (t.capitalized[k] || !t.mixedCase || t.has(k, Lexicon.PARTICLE)
                    || t.has(k, Lexicon.STREET) && names > 0) && (!t.has(k, Lexicon.STOP) || t.has(k, Lexicon.STREET_PREFIX))
                    && !t.has(k, Lexicon.UNIT)
                    && !t.has(k, Lexicon.MONTH)
                    || t.kind[k] == Tokens.ALNUM && DateAgeDetectorOrdinal.isOrdinal(t.lower[k])) {
                street |= t.has(k, Lexicon.STREET) && names > 0 || t.has(k, Lexicon.STREET_PREFIX) && t.capitalized[k]
                        || hasStreetMorpheme(t.lower[k]);
                names++;
                lastName = k;
                k++;
                if (k < t.size && t.isPunct(k, '.') && t.attached(k)) {
                    k++; // St. Ave. Str.
                }
            } else if (t.kind[k] == Tokens.WORD && names == 0 && (t.is(k, "n") || t.is(k, "s") || t.is(k, "e") || t.is(k, "w"))) {
                k++;
            } else {
                break;
            }
        }
        if (names == 0) {
            return -1;
        }
        int end = t.end[lastName];
        if (k < t.size && t.isPunct(k, '.') && t.attached(k) && lastName == k - 1) {
            end = t.end[k];
        }
        if (street) {
            int after = numberAfter(t, t.tokenAtOrAfter(end));
            return after > 0 ? after : endWithDot(t, end);
        }
        // no street word: a number after the name makes it an address ("6138 Via Roma 131", "Mlýnská 1540")
        int after = numberAfter(t, lastName + 1 + (lastName + 1 < t.size && t.isPunct(lastName + 1, '.') ? 1 : 0));
        return after > 0 && names <= 4 ? after : -1;
    }

    private static int endWithDot(Tokens t, int end) {
        int k = t.tokenAtOrAfter(end);
        return k < t.size && t.isPunct(k, '.') && t.start[k] == end && k + 1 < t.size && !t.newlineBefore[k + 1]
                && t.kind[k + 1] == Tokens.WORD && !t.capitalized[k + 1] ? t.end[k] : end;
    }

    /** End of a house number right after token k ("Koskikatu 25", "Rue de Virton 38"), or -1. */
    private static int numberAfter(Tokens t, int k) {
        if (k < t.size && (t.kind[k] == Tokens.NUM && t.end[k] - t.start[k] <= 5
                || t.kind[k] == Tokens.ALNUM && leadingDigit(t, k)) && !t.newlineBefore[k]) {
            int e = t.end[k];
            if (k + 2 < t.size && (t.isPunct(k + 1, '/') || t.isPunct(k + 1, '-')) && t.attached(k + 1)
                    && t.attached(k + 2) && t.kind[k + 2] != Tokens.PUNCT) {
                e = t.end[k + 2];
            }
            return e;
        }
        return -1;
    }

    /** "Via Roma 131", "Rue de Kairouan", "ul. Biskupa Bogedaina 118", "Avenida Otoniel Dutra 1277". */
    private static int prefixedStreet(Tokens t, int i) {
        int k = i + 1;
        if (k < t.size && t.isPunct(k, '.')) {
            k++;
        }
        int names = 0;
        int last = -1;
        while (k < t.size && names < MAX_NAME_TOKENS && !t.newlineBefore[k]
                && (t.kind[k] == Tokens.WORD && (t.capitalized[k] || t.has(k, Lexicon.PARTICLE) || !t.mixedCase)
                && !t.has(k, Lexicon.STOP) || t.kind[k] == Tokens.ALNUM && DateAgeDetectorOrdinal.isOrdinal(t.lower[k]))) {
            names++;
            last = k;
            k++;
        }
        if (names == 0 || !t.capitalized[last] && t.mixedCase) {
            return -1;
        }
        int after = numberAfter(t, k);
        if (after > 0) {
            return after;
        }
        // without a house number only when a number precedes ("31 Rue Al Imam Al Bakri")
        return i > 0 && t.kind[i - 1] == Tokens.NUM ? t.end[last] : -1;
    }

    /** "Apt. 864", "Suite 279", "Unit 7194 Box 5854", "PO Box 12", "PSC 3294, Box 9168". */
    private static int unitLine(Tokens t, int i) {
        return unitLine(t, i, 0);
    }

    private static int unitLine(Tokens t, int i, int depth) {
        if (t.mixedCase && !t.capitalized[i] && !t.is(i, "apt") && !t.is(i, "suite") && !t.is(i, "box")) {
            return -1;
        }
        if (t.is(i, "po") && !(t.is(i + 1, "box") || t.isPunct(i + 1, '.'))) {
            return -1;
        }
        if (t.is(i, "box") && !(i > 0 && (t.is(i - 1, "po") || t.isPunct(i - 1, '.') || t.isPunct(i - 1, ',')
                || t.kind[i - 1] == Tokens.NUM))) {
            return -1;
        }
        int k = i + 1;
        while (k < t.size && k <= i + 4 && (t.kind[k] == Tokens.PUNCT && ".#:".indexOf(t.punct(k)) >= 0
                || t.is(k, "box") || t.is(k, "o") || t.is(k, "no"))) {
            k++;
        }
        int e = numberAfter(t, k);
        if (e < 0 && k < t.size && t.kind[k] == Tokens.ALNUM && t.end[k] - t.start[k] <= 6) {
            e = t.end[k];
        }
        if (e < 0) {
            return -1;
        }
        int j = t.tokenAtOrAfter(e);
        if (j < t.size && t.isPunct(j, ',')) {
            j++;
        }
        if (depth < 2 && j < t.size && t.has(j, Lexicon.UNIT_DESIGNATOR) && t.capitalized[j]) {
            int e2 = unitLine(t, j, depth + 1);
            if (e2 > 0) {
                return e2;
            }
        }
        return e;
    }

    private static int military(Tokens t, int i) {
        int k = i + 1;
        if (k < t.size && t.allCaps[k] && t.end[k] - t.start[k] == 2) {
            k++;
        }
        return k < t.size && t.kind[k] == Tokens.NUM && t.end[k] - t.start[k] == 5 ? t.end[k] : -1;
    }

    private static int zipAfterCue(Tokens t, int i) {
        int k = i + 1;
        while (k < t.size && k <= i + 4 && (t.kind[k] == Tokens.PUNCT || t.is(k, "code") || t.is(k, "is")
                || t.is(k, "my") || t.is(k, "number"))) {
            k++;
        }
        if (k < t.size && (t.kind[k] == Tokens.NUM || t.kind[k] == Tokens.ALNUM) && t.end[k] - t.start[k] <= 7) {
            int e = t.end[k];
            // two-part postal codes: "340 12", "53-320", "B0J 2H0", "7412 SL"
            if (k + 1 < t.size && (t.kind[k + 1] == Tokens.NUM || t.kind[k + 1] == Tokens.ALNUM || t.allCaps[k + 1]
                    && t.end[k + 1] - t.start[k + 1] == 2 && t.kind[k + 1] == Tokens.WORD)
                    && t.start[k + 1] - e <= 1 && !t.newlineBefore[k + 1] && t.end[k + 1] - t.start[k + 1] <= 4) {
                e = t.end[k + 1];
            } else if (k + 2 < t.size && t.isPunct(k + 1, '-') && t.attached(k + 1) && t.kind[k + 2] == Tokens.NUM) {
                e = t.end[k + 2];
            }
            return e;
        }
        return -1;
    }

    /** Postal code right after a state or country: "OH 45402", "Iceland 80296", "Cyprus (Greek) 78891". */
    private static int postalCode(Tokens t, int k, boolean state) {
        int j = k;
        if (j < t.size && t.isPunct(j, '(')) {
            while (j < t.size && j < k + 4 && !t.isPunct(j, ')')) {
                j++;
            }
            j++;
        }
        if (j < t.size && t.kind[j] == Tokens.NUM && !t.newlineBefore[j]) {
            int len = t.end[j] - t.start[j];
            if (state ? len == 5 : len >= 3 && len <= 6) {
                int e = t.end[j];
                if (j + 2 < t.size && t.isPunct(j + 1, '-') && t.attached(j + 1) && t.kind[j + 2] == Tokens.NUM
                        && t.end[j + 2] - t.start[j + 2] == 4) {
                    e = t.end[j + 2];
                }
                return e;
            }
        }
        return -1;
    }

    /** After a street or unit: ", Apt 2", ", Portland ME", ", Dayton OH 45402", "\n Soloi\n Cyprus 36903". */
    private static int extendTail(Tokens t, int k, int end) {
        int e = end;
        int p = k;
        int lines = 0;
        for (int steps = 0; steps < 4 && p < t.size; steps++) {
            int q = p;
            boolean newline = t.newlineBefore[q];
            while (q < t.size && t.kind[q] == Tokens.PUNCT && ",".indexOf(t.punct(q)) >= 0) {
                q++;
                newline |= q < t.size && t.newlineBefore[q];
            }
            if (q >= t.size) {
                break;
            }
            if (newline && ++lines > 4) {
                break;
            }
            if (t.kind[q] == Tokens.WORD && t.has(q, Lexicon.UNIT_DESIGNATOR) && t.capitalized[q]) {
                int u = unitLine(t, q);
                if (u > 0) {
                    e = u;
                    p = t.tokenAtOrAfter(u);
                    continue;
                }
            }
            // a place name, optionally followed by a state and a postal code
            int r = q;
            int words = 0;
            while (r < t.size && words < 3 && t.kind[r] == Tokens.WORD && (t.capitalized[r] || t.allCaps[r])
                    && !t.has(r, Lexicon.STOP) && (r == q || !t.newlineBefore[r])) {
                words++;
                r++;
            }
            if (words == 0 || q == p && !newline && !t.isPunct(p - 1, ',') && p > 0 && t.kind[p - 1] != Tokens.PUNCT) {
                break;
            }
            int last = r - 1;
            int zip = postalCode(t, r, t.has(last, Lexicon.STATE_ABBR) || t.has(last, Lexicon.STATE));
            if (zip > 0) {
                e = zip;
                p = t.tokenAtOrAfter(zip);
                continue;
            }
            boolean stateAbbr = t.allCaps[last] && t.has(last, Lexicon.STATE_ABBR);
            if (stateAbbr || t.isPunct(r, ',') || newline || r >= t.size || t.kind[r] == Tokens.PUNCT) {
                e = t.end[last];
                p = r;
                continue;
            }
            break;
        }
        return e;
    }

    private static boolean isAddressCue(Tokens t, int i) {
        if (t.kind[i] == Tokens.PUNCT && t.punct(i) == ':' && i > 0 && t.is(i - 1, "address")) {
            return true;
        }
        if (t.kind[i] != Tokens.WORD || i == 0) {
            return false;
        }
        return CUE_PAIRS.contains(t.lower[i - 1] + " " + t.lower[i]) && (t.is(i, "at") || t.is(i, "to") || t.is(i, "on")
                || t.is(i, "of") || t.is(i, "is"));
    }

    /** From a cue to the end of the clause, if it starts like an address and holds a number early. */
    private static int cuedAddress(Tokens t, int s, Findings out) {
        if (s >= t.size || out.overlapsAny(t.start[s], t.end[s])) {
            return -1;
        }
        if (t.is(s, "the") && t.is(s + 1, "corner")) {
            return -1;
        }
        boolean start = t.kind[s] == Tokens.NUM || t.kind[s] == Tokens.WORD && (t.capitalized[s] || !t.mixedCase)
                && !t.has(s, Lexicon.STOP);
        if (!start) {
            return -1;
        }
        int e = -1;
        boolean number = false;
        boolean name = false;
        for (int k = s; k < t.size && k < s + 14; k++) {
            if (t.kind[k] == Tokens.PUNCT && ".?!;".indexOf(t.punct(k)) >= 0 && !(k > 0 && t.attached(k)
                    && t.kind[k - 1] == Tokens.WORD && t.end[k - 1] - t.start[k - 1] <= 4 && t.capitalized[k - 1])) {
                break;
            }
            if (k > s && t.newlineBefore[k] && blankLineBefore(t, k)) {
                break;
            }
            if (t.kind[k] == Tokens.WORD && !t.capitalized[k] && t.mixedCase && !t.has(k, Lexicon.PARTICLE)
                    && !t.has(k, Lexicon.STREET)) {
                break;
            }
            number |= t.kind[k] == Tokens.NUM;
            name |= t.kind[k] == Tokens.WORD && (t.capitalized[k] || !t.mixedCase) && !t.has(k, Lexicon.STOP);
            if (t.kind[k] != Tokens.PUNCT) {
                e = t.end[k];
            }
        }
        return number && name ? e : -1;
    }

    private static boolean blankLineBefore(Tokens t, int k) {
        int newlines = 0;
        for (int c = t.end[k - 1]; c < t.start[k] && c < t.end[k - 1] + 16; c++) {
            newlines += t.text.charAt(c) == '\n' ? 1 : 0;
        }
        return newlines >= 2;
    }

    static boolean hasStreetMorpheme(String w) {
        if (w.length() < 5) {
            return false;
        }
        for (String m : STREET_MORPHEMES) {
            if (w.endsWith(m) && w.length() > m.length() + 2) {
                return true;
            }
        }
        return false;
    }

    /** Ordinal numbers such as "5th" used in street names. */
    static final class DateAgeDetectorOrdinal {
        private DateAgeDetectorOrdinal() {
        }

        static boolean isOrdinal(String s) {
            int n = s.length();
            if (n < 3 || n > 6) {
                return false;
            }
            String suf = s.substring(n - 2);
            if (!(suf.equals("st") || suf.equals("nd") || suf.equals("rd") || suf.equals("th"))) {
                return false;
            }
            for (int i = 0; i < n - 2; i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
