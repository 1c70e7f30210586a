package io.carecache.internal.phi;

import io.carecache.PhiCategory;

import java.util.Set;

/**
 * Person names, by evidence rather than by list alone. Each word is scored from the lexicon:
 * a known given name or surname that is not ordinary English scores highest, a capitalised word
 * no vocabulary knows scores well (most names in the world are in no list), a name that is also
 * an English word ("Will", "Rose") scores low, and ordinary words, other proper nouns (places,
 * brands), medical terms and eponyms ("Crohn's", "Down syndrome") score nothing. Runs of
 * capitalised words (with initials and particles such as "van", "de", "Al-") are then judged
 * with their context: cue phrases ("my name is", "call me", "I'm", "this is"), titles ("Dr.",
 * "Mrs."), relations ("my son", "my wife") and position (capitals at the start of a sentence
 * say little). In text with no capitals at all, known names are still found.
 */
final class NameDetector {
    private static final Set<String> STRONG_CUE_LAST = Set.of("named", "called", "hi", "hello", "hey", "dear",
            "attn", "signed", "sincerely", "regards", "cheers", "thanks", "love", "xoxo");
    private static final Set<String> LABELS = Set.of("patient", "pt", "client", "resident", "caller", "contact",
            "guardian", "attn", "from", "to", "cc", "re", "member", "subscriber", "insured", "beneficiary", "physician",
            "provider", "doctor", "nurse", "parent", "mother", "father", "spouse", "signed", "signature", "author");
    private static final Set<String> NAME_VERBS = Set.of("said", "says", "asked", "told", "tells", "wrote", "writes",
            "replied", "shouted", "explained", "lives", "lived", "thinks", "thought", "wants", "went", "called",
            "spent", "began", "had", "has", "was", "is", "will", "would", "can", "could", "did", "does", "loves");
    private static final Set<String> NAME_PREPS = Set.of("with", "to", "from", "by", "and", "for", "ask", "tell", "told",
            "call", "meet", "met", "saw", "see", "visit", "visiting", "visited", "thank", "thanks", "like", "about",
            "under", "including", "of", "me", "heard", "named", "or", "than", "unlike", "versus", "vs");
    private static final Set<String> ORG_HEADS = Set.of("hospital", "clinic", "medical", "center", "centre",
            "university", "college", "inc", "llc", "ltd", "corp", "corporation", "company", "foundation", "institute",
            "pharmacy", "pharmaceuticals", "health", "healthcare", "insurance", "bank", "school", "church", "group",
            "labs", "laboratories", "association", "society", "county", "city", "state", "river", "lake", "mountain",
            "park", "airport", "station", "hotel", "restaurant", "cafe", "street", "avenue", "road", "lane", "drive",
            "boulevard", "memorial", "general", "regional", "children's", "care", "services", "systems", "technologies",
            "partners", "associates", "records", "band", "orchestra", "weekly", "magazine", "times", "news", "press");
    private static final String[] MED_SUFFIXES = {"itis", "osis", "emia", "aemia", "pathy", "ectomy", "otomy", "ostomy",
            "plasty", "scopy", "algia", "plegia", "cillin", "mycin", "cycline", "floxacin", "azole", "statin", "sartan",
            "pril", "olol", "dipine", "gliptin", "gliflozin", "glutide", "umab", "imab", "zumab", "tinib",
            "ciclib", "azepam", "zolam", "oxetine", "triptan", "profen", "olone", "amine", "terol", "afil",
            "prazole", "tidine", "lukast", "parin", "xaban", "gatran", "setron", "semide", "thiazide", "formin",
            "vudine", "navir", "previr", "asvir", "caine", "barbital", "dronate", "oxacin", "vastatin", "zepam",
            "apine", "idone", "ipramine"};

    private static final String[] SURNAME_SUFFIXES = {"ov", "ova", "ev", "eva", "ovich", "evich", "ovna", "evna",
            "ovič", "ić", "vić", "vic", "ski", "ska", "sky", "cki", "cka", "ová", "ová", "sson", "ssen", "sen", "son",
            "dóttir", "dottir", "escu", "enko", "chuk", "czyk", "yan", "ian", "idis", "poulos", "akis", "oglu", "oğlu",
            "nen", "inen", "ishvili", "adze", "ayev", "iyev", "ullah", "ahi", "zadeh", "stein", "mann", "berg", "ström",
            "strom", "qvist", "quist", "lund", "gaard", "gård", "dahl", "ez", "es", "ini", "elli", "etti", "ucci",
            "ovski", "evski", "ek", "ák", "ík", "uk"};

    private NameDetector() {
    }

    static void scan(Tokens t, Findings out) {
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] != Tokens.WORD || out.overlapsAny(t.start[i], t.end[i])) {
                continue;
            }
            int cue = cue(t, i);
            int end = run(t, i, cue, out);
            i = Math.max(i, end - 1);
        }
    }

    private static final int NONE = 0;
    private static final int WEAK = 1;
    private static final int RELATION = 2;
    private static final int STRONG = 3;

    /** The cue right before token i: "my name is", "Dr.", "my son", "I'm", ... */
    private static int cue(Tokens t, int i) {
        int p = i - 1;
        while (p >= 0 && t.kind[p] == Tokens.PUNCT && ",:.-?".indexOf(t.punct(p)) >= 0 && p >= i - 2) {
            p--;
        }
        if (p < 0 || t.kind[p] != Tokens.WORD) {
            return NONE;
        }
        String w = t.lower[p];
        if (t.has(p, Lexicon.TITLE) && (t.capitalized[p] || !t.mixedCase || t.isPunct(p + 1, '.')) && !t.possessive[p]) {
            return STRONG;
        }
        if (STRONG_CUE_LAST.contains(w)) {
            return w.equals("love") || w.equals("thanks") || w.equals("cheers") ? RELATION : STRONG;
        }
        if ((w.equals("me") || w.equals("him") || w.equals("her") || w.equals("them") || w.equals("us")) && p >= 1
                && (t.is(p - 1, "call") || t.is(p - 1, "calls") || t.is(p - 1, "called") || t.is(p - 1, "named")
                || t.is(p - 1, "name"))) {
            return STRONG;
        }
        if ((w.equals("name") || w.equals("surname") || w.equals("names")) && p + 1 < i && t.kind[p + 1] == Tokens.PUNCT
                && "?:".indexOf(t.punct(p + 1)) >= 0) {
            return STRONG;
        }
        if (LABELS.contains(w) && p + 1 < i && t.isPunct(p + 1, ':')) {
            return STRONG; // form fields: "Patient: John Q. Public", "Attn: ..."
        }
        if ((w.equals("is") || w.equals("was") || w.equals("'s")) && p >= 1 && (t.is(p - 1, "name") || t.is(p - 1, "names"))) {
            return STRONG;
        }
        if (w.equals("name") && p + 1 < i && t.isPunct(p + 1, ':') || w.equals("name's") || t.is(p, "name") && t.possessive[p]) {
            return STRONG;
        }
        if (w.equals("by") && p >= 1 && (t.is(p - 1, "go") || t.is(p - 1, "goes") || t.is(p - 1, "directed")
                || t.is(p - 1, "written") || t.is(p - 1, "signed"))) {
            return STRONG;
        }
        if (w.equals("as") && p >= 1 && t.is(p - 1, "known")) {
            return STRONG;
        }
        if (w.equals("i'm") || w.equals("im") || w.equals("am") && p >= 1 && t.is(p - 1, "i")) {
            return WEAK;
        }
        if (w.equals("is") && p >= 1 && (t.is(p - 1, "this") || t.is(p - 1, "it")) || w.equals("it's")) {
            return WEAK;
        }
        if (t.has(p, Lexicon.RELATION) && p >= 1 && (t.is(p - 1, "my") || t.is(p - 1, "our") || t.is(p - 1, "his")
                || t.is(p - 1, "her") || t.is(p - 1, "your") || t.is(p - 1, "their") || t.is(p - 1, "the"))) {
            return RELATION;
        }
        return NONE;
    }

    /** Scores a word as part of a name: 3 strong, 2 likely, 1 weak, 0 none, -1 never (blocks the run). */
    private static int score(Tokens t, int k, int cue) {
        int f = t.flags[k];
        String w = t.lower[k];
        if (w.length() < 2 || (f & (Lexicon.STOP | Lexicon.UNIT | Lexicon.MED_HEAD | Lexicon.TITLE)) != 0
                || (f & Lexicon.STREET) != 0 && w.length() <= 4 && (f & Lexicon.NAME) == 0) {
            return -1;
        }
        boolean name = (f & Lexicon.NAME) != 0;
        boolean common = (f & Lexicon.COMMON) != 0;
        boolean rare = (f & Lexicon.RARE) != 0 && !common;
        boolean person = (f & Lexicon.PERSON_PROPER) != 0;
        boolean other = (f & Lexicon.OTHER_PROPER) != 0;
        if ((f & Lexicon.TEMPORAL) != 0 && !(name && cue == STRONG)) {
            return -1;
        }
        if ((f & Lexicon.RELATION) != 0 && !name) {
            return -1;
        }
        if (isMedical(t, k, f) && !(cue == STRONG && t.capitalized[k] && name)) {
            return -1;
        }
        if (t.allCaps[k] && t.mixedCase && cue != STRONG && (!name && !person || w.length() <= 3)) {
            return -1; // acronyms: COPD, TSH, INR, ER
        }
        if (name && !common) {
            return other && !person ? 2 : 3;
        }
        if (person && !common) {
            return 3;
        }
        if (name) {
            return 1;
        }
        if (!common && !other && !person && !rare) {
            return isMedicalShape(w) ? -1 : surnameShape(w) ? 3 : 2;
        }
        if (rare && !other) {
            return surnameShape(w) ? 3 : 1;
        }
        return 0;
    }

    private static boolean isMedical(Tokens t, int k, int f) {
        if ((f & Lexicon.MEDICAL) != 0) {
            return true;
        }
        boolean nextHead = k + 1 < t.size && t.has(k + 1, Lexicon.MED_HEAD);
        if ((f & Lexicon.EPONYM) != 0) {
            return t.possessive[k] || nextHead || (f & Lexicon.NAME) == 0;
        }
        // "Tourette syndrome", "Zika virus", "Lyme disease": a capitalised word before a medical head noun
        return nextHead && (t.capitalized[k] || !t.mixedCase);
    }

    /** Surname endings of many languages: Ivanov, Petrova, Jovanović, Kowalski, Andersson, Guðmundsdóttir. */
    private static boolean surnameShape(String w) {
        if (w.length() < 5) {
            return false;
        }
        for (String s : SURNAME_SUFFIXES) {
            if (w.endsWith(s) && w.length() >= s.length() + 2) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMedicalShape(String w) {
        if (w.length() < 6) {
            return false;
        }
        for (String s : MED_SUFFIXES) {
            if (w.endsWith(s) && w.length() >= s.length() + 3) {
                return true;
            }
        }
        return false;
    }

    /** Reads a candidate run from token i, decides, records it; returns the token index after the run. */
    private static int run(Tokens t, int i, int cue, Findings out) {
        boolean lowerAllowed = !t.mixedCase || cue == STRONG || cue == WEAK || cue == RELATION;
        int k = i;
        int words = 0;
        int sum = 0;
        int max = -1;
        int zeros = 0;
        int firstScore = Integer.MIN_VALUE;
        int lastScored = -1;
        boolean initial = false;
        int lowerStrong = 0;
        while (k < t.size && words < 4) {
            if (k > i && t.newlineBefore[k]) {
                break;
            }
            if (t.kind[k] == Tokens.PUNCT) {
                // an initial's dot: "John A. Leiva"
                if (t.punct(k) == '.' && k > i && isInitial(t, k - 1) && t.attached(k)) {
                    k++;
                    continue;
                }
                break;
            }
            if (t.kind[k] != Tokens.WORD || out.overlapsAny(t.start[k], t.end[k])) {
                break;
            }
            boolean cap = t.capitalized[k] || !t.mixedCase;
            if (k > i && isInitial(t, k) && (cap || t.mixedCase == false)) {
                initial = true;
                k++;
                continue;
            }
            if ((k > i && !t.capitalized[k] || k == i && t.capitalized[k] && t.mixedCase) && t.has(k, Lexicon.PARTICLE)
                    && k + 1 < t.size && !t.newlineBefore[k + 1]
                    && t.kind[k + 1] == Tokens.WORD && (t.capitalized[k + 1] || !t.mixedCase) && !t.has(k + 1, Lexicon.STOP)) {
                k++;
                continue;
            }
            if (!cap && !lowerAllowed) {
                break;
            }
            int s = score(t, k, cue);
            if (!cap) {
                // lower-case word in mixed text after a cue: a known name, or an unknown word right after a strong cue
                boolean known = t.has(k, Lexicon.NAME) && !t.has(k, Lexicon.COMMON);
                if (s < 0 || !(known || s >= 2 && (cue == STRONG || cue == WEAK && words > 0 && lowerStrong > 0)
                        || words > 0 && t.has(k, Lexicon.NAME) && lowerStrong > 0)) {
                    break;
                }
                if (!t.mixedCase && s == 2 && words == 0 && cue == NONE) {
                    break; // unknown lower-case word in all-lower text: too weak alone
                }
                lowerStrong += known ? 1 : 0;
            }
            if (s < 0) {
                break;
            }
            if (!t.mixedCase && s == 2 && cue == NONE) {
                s = 1;
            }
            if (words == 0) {
                firstScore = s;
            }
            words++;
            sum += s;
            max = Math.max(max, s);
            zeros += s == 0 ? 1 : 0;
            if (s > 0 || cue == STRONG && cap && s == 0) {
                lastScored = k;
            }
            k++;
            if (t.possessive[k - 1]) {
                break;
            }
        }
        int next = k;
        if (words == 0 || lastScored < 0) {
            return Math.max(next, i + 1);
        }
        // trim a leading ordinary word ("Producer Phil Spector", "Follow up with ...")
        int first = i;
        if (firstScore == 0 && words > 1) {
            first = i + 1;
            while (first < lastScored && (t.kind[first] != Tokens.WORD || score(t, first, cue) <= 0)) {
                first++;
            }
            words--;
            zeros--;
            sum -= 0;
            cue = NONE;
        }
        int last = lastScored;
        int head = lastScored + 1;
        while (head < t.size && t.kind[head] == Tokens.PUNCT && t.punct(head) == '.' && head <= lastScored + 1) {
            head++;
        }
        if (head < t.size && t.kind[head] == Tokens.WORD && ORG_HEADS.contains(t.lower[head]) && t.capitalized[head]) {
            return next; // "Mayo Clinic", "Michael J. Fox Foundation", "Berkshire Hathaway Inc"
        }
        boolean startOfSentence = t.sentenceStart(first);
        double conf = decide(t, first, last, words, sum, max, zeros, initial, cue, startOfSentence, k);
        if (conf > 0) {
            out.add(PhiCategory.NAME, t.start[first], t.end[last], conf);
        }
        return next;
    }

    private static double decide(Tokens t, int first, int last, int words, int sum, int max, int zeros,
                                 boolean initial, int cue, boolean sentenceStart, int after) {
        boolean context = contextAround(t, first, after);
        if (cue == STRONG) {
            return max >= 0 ? 0.95 : 0;
        }
        if (cue == RELATION || cue == WEAK) {
            if (max >= 1) {
                return 0.93;
            }
            return 0;
        }
        if (words >= 2 && zeros == 0 && sum >= 4 || words >= 2 && initial && max >= 2) {
            return sentenceStart && max < 3 && sum < 5 ? 0.82 : 0.9;
        }
        if (words >= 2 && zeros == 0 && max >= 2) {
            return 0.85;
        }
        if (words >= 2 && zeros > 0 && max >= 3) {
            return 0.83;
        }
        if (words >= 2 && max <= 1 && !context) {
            return 0;
        }
        if (initial && max >= 1) {
            return 0.88;
        }
        // a single word
        if (sentenceStart) {
            if (max >= 3) {
                return context ? 0.88 : 0.84;
            }
            if (max == 2) {
                return titleCase(t, first, after) ? 0.7 : context ? 0.82 : 0.75;
            }
            return max == 1 && context && t.mixedCase && t.capitalized[first] && t.has(first, Lexicon.NAME) ? 0.81 : 0;
        }
        if (max >= 3) {
            return 0.9;
        }
        if (max == 2) {
            return titleCase(t, first, after) ? 0.7 : context ? 0.88 : 0.83;
        }
        if (max == 1 && t.capitalized[first] && t.mixedCase) {
            boolean article = first > 0 && (t.is(first - 1, "the") || t.is(first - 1, "a") || t.is(first - 1, "an")
                    || t.is(first - 1, "this") || t.is(first - 1, "that") || t.is(first - 1, "my") || t.is(first - 1, "your"));
            if (article || titleCase(t, first, after)) {
                return 0;
            }
            if (!t.has(first, Lexicon.NAME)) {
                return context ? 0.7 : 0.6;
            }
            return context ? 0.86 : 0.81;
        }
        return 0;
    }

    /** Title case around a word ("Carry Me Back To ...", "Guilty Pleasures: 5 Musicians Of The 70s"): capitals mean little. */
    private static boolean titleCase(Tokens t, int first, int after) {
        int p = first - 1;
        boolean before = p >= 0 && t.kind[p] == Tokens.WORD && t.capitalized[p] && (t.has(p, Lexicon.STOP)
                || t.has(p, Lexicon.COMMON)) && !t.sentenceStart(p) && !t.has(p, Lexicon.TITLE);
        boolean next = after < t.size && t.kind[after] == Tokens.WORD && t.capitalized[after] && t.has(after, Lexicon.STOP)
                && !t.is(after, "i");
        return t.mixedCase && (before || next);
    }

    /** Words around a candidate that people's names keep: "with X", "X said", "X's kid". */
    private static boolean contextAround(Tokens t, int first, int after) {
        int p = first - 1;
        while (p >= 0 && t.kind[p] == Tokens.PUNCT && p >= first - 2) {
            p--;
        }
        if (p >= 0 && t.kind[p] == Tokens.WORD && NAME_PREPS.contains(t.lower[p])) {
            return true;
        }
        int lastTok = after - 1;
        if (lastTok >= 0 && t.possessive[lastTok] && !(after < t.size && t.has(after, Lexicon.MED_HEAD))) {
            return true;
        }
        int q = after;
        // a speaker label at the start of a line: "Nicole: Remember me"
        if (q < t.size && t.isPunct(q, ':') && t.sentenceStart(first)) {
            return true;
        }
        // a list of names: "Kónya, Becker and Vasquez"
        if (q + 1 < t.size && (t.isPunct(q, ',') || t.is(q, "and") || t.is(q, "or") || t.is(q, "&"))
                && t.kind[q + 1] == Tokens.WORD && t.capitalized[q + 1] && t.has(q + 1, Lexicon.NAME)) {
            return true;
        }
        if (p >= 1 && (t.isPunct(p + 1, ',') || t.is(p, "and")) && t.kind[p - (t.is(p, "and") ? 1 : 0)] == Tokens.WORD
                && t.has(p - (t.is(p, "and") ? 1 : 0), Lexicon.NAME) && t.capitalized[p - (t.is(p, "and") ? 1 : 0)]) {
            return true;
        }
        while (q < t.size && t.kind[q] == Tokens.PUNCT && t.punct(q) == ',') {
            q++;
        }
        return q < t.size && t.kind[q] == Tokens.WORD && NAME_VERBS.contains(t.lower[q]);
    }

    private static boolean isInitial(Tokens t, int k) {
        return k >= 0 && k < t.size && t.kind[k] == Tokens.WORD && t.end[k] - t.start[k] == 1
                && Character.isUpperCase(t.text.charAt(t.start[k]));
    }
}
