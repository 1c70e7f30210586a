package io.carecache.internal.phi;

import java.util.Arrays;
import java.util.Locale;

/**
 * One pass over the text: words (letters, with inner apostrophes and hyphens), numbers, mixed
 * letter-digit runs and single punctuation characters, with their offsets and the lexicon flags
 * of each word. Linear in the text length.
 */
final class Tokens {
    static final byte WORD = 1;
    static final byte NUM = 2;
    static final byte ALNUM = 3;
    static final byte PUNCT = 4;

    final String text;
    int size;
    int[] start;
    int[] end;
    byte[] kind;
    private static final String[] PUNCT_STRINGS = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            PUNCT_STRINGS[c] = String.valueOf(c);
        }
        PUNCT_STRINGS[127] = "\u007f";
    }

    /** Lower-cased token text without a possessive 's; the character itself (ASCII) for punctuation. */
    String[] lower;
    int[] flags;
    boolean[] possessive;
    boolean[] spaceBefore;
    boolean[] newlineBefore;
    boolean[] capitalized;
    boolean[] allCaps;
    /** Whether the text has any lower-case letter; all-caps or all-lower text changes what capitals say. */
    final boolean mixedCase;

    private Tokens(String text, int capacity) {
        this.text = text;
        start = new int[capacity];
        end = new int[capacity];
        kind = new byte[capacity];
        lower = new String[capacity];
        flags = new int[capacity];
        possessive = new boolean[capacity];
        spaceBefore = new boolean[capacity];
        newlineBefore = new boolean[capacity];
        capitalized = new boolean[capacity];
        allCaps = new boolean[capacity];
        boolean upper = false;
        boolean low = false;
        for (int i = 0; i < text.length() && !(upper && low); i++) {
            char c = text.charAt(i);
            upper |= Character.isUpperCase(c);
            low |= Character.isLowerCase(c);
        }
        mixedCase = upper && low;
    }

    static Tokens of(String text, Lexicon lexicon) {
        Tokens t = new Tokens(text, Math.max(8, text.length() / 4));
        int n = text.length();
        int i = 0;
        boolean space = false;
        boolean newline = false;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = true;
                newline |= cp == '\n' || cp == '\r';
                i += Character.charCount(cp);
                continue;
            }
            int s = i;
            if (isWordChar(cp)) {
                boolean letters = false;
                boolean digits = false;
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (Character.isDigit(c)) {
                        digits = true;
                    } else if (isWordChar(c)) {
                        letters = true;
                    } else if ((c == '\'' || c == '\u2019' || c == '-') && i + 1 < n && letters && !digits
                            && Character.isLetter(text.codePointAt(i + 1)) && Character.isLetter(text.codePointBefore(i))) {
                        // inner apostrophe or hyphen between letters: O'Brien, Al-Sayed, Crohn's
                    } else {
                        break;
                    }
                    i += Character.charCount(c);
                }
                byte k = letters && digits ? ALNUM : digits ? NUM : WORD;
                t.add(s, i, k, space, newline, lexicon);
            } else {
                i += Character.charCount(cp);
                t.add(s, i, PUNCT, space, newline, lexicon);
            }
            space = false;
            newline = false;
        }
        return t;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private void add(int s, int e, byte k, boolean space, boolean newline, Lexicon lexicon) {
        if (size == start.length) {
            int cap = size * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            kind = Arrays.copyOf(kind, cap);
            lower = Arrays.copyOf(lower, cap);
            flags = Arrays.copyOf(flags, cap);
            possessive = Arrays.copyOf(possessive, cap);
            spaceBefore = Arrays.copyOf(spaceBefore, cap);
            newlineBefore = Arrays.copyOf(newlineBefore, cap);
            capitalized = Arrays.copyOf(capitalized, cap);
            allCaps = Arrays.copyOf(allCaps, cap);
        }
        int i = size++;
        start[i] = s;
        end[i] = e;
        kind[i] = k;
        spaceBefore[i] = space;
        newlineBefore[i] = newline;
        if (k == PUNCT) {
            lower[i] = PUNCT_STRINGS[Math.min(text.charAt(s), 127)];
            return;
        }
        String raw = text.substring(s, e);
        String low = raw.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        if (k == WORD) {
            int len = low.length();
            if (len > 2 && low.charAt(len - 2) == '\'' || len > 2 && low.charAt(len - 2) == '\u2019') {
                if (low.charAt(len - 1) == 's') {
                    low = low.substring(0, len - 2);
                    possessive[i] = true;
                }
            }
            int first = raw.codePointAt(0);
            capitalized[i] = Character.isUpperCase(first) || Character.isTitleCase(first);
            boolean caps = raw.length() > 1;
            for (int j = 0; j < raw.length() && caps; j++) {
                char c = raw.charAt(j);
                caps = !Character.isLowerCase(c);
            }
            allCaps[i] = caps;
            flags[i] = lexicon.flags(low);
        }
        lower[i] = low;
    }

    boolean isWord(int i) {
        return i >= 0 && i < size && kind[i] == WORD;
    }

    boolean is(int i, String lowerWord) {
        return i >= 0 && i < size && lowerWord.equals(lower[i]);
    }

    boolean isPunct(int i, char c) {
        return i >= 0 && i < size && kind[i] == PUNCT && text.charAt(start[i]) == c;
    }

    boolean has(int i, int flag) {
        return i >= 0 && i < size && (flags[i] & flag) != 0;
    }

    char punct(int i) {
        return kind[i] == PUNCT ? text.charAt(start[i]) : 0;
    }

    /** Whether token i directly follows token i-1 with nothing in between. */
    boolean attached(int i) {
        return i > 0 && i < size && !spaceBefore[i];
    }

    /** Whether token i starts a sentence, a line or a quotation, where capitals say little. */
    boolean sentenceStart(int i) {
        if (i == 0 || newlineBefore[i]) {
            return true;
        }
        int p = i - 1;
        while (p >= 0 && kind[p] == PUNCT && "\"'\u201c\u2018(*>".indexOf(text.charAt(start[p])) >= 0) {
            if (p == 0 || newlineBefore[p]) {
                return true;
            }
            p--;
        }
        return p >= 0 && kind[p] == PUNCT && ".!?\u2026".indexOf(text.charAt(start[p])) >= 0;
    }

    /** Index of the first token starting at or after {@code offset}. */
    int tokenAtOrAfter(int offset) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Whether one of the {@code window} words before token i (not crossing a line) is in {@code cues}. */
    boolean cueBefore(int i, int window, java.util.Set<String> cues) {
        for (int k = i - 1, seen = 0; k >= 0 && seen < window; k--) {
            if (kind[k] != PUNCT) {
                seen++;
                if (cues.contains(lower[k])) {
                    return true;
                }
            }
            if (newlineBefore[k] && k < i - 1 && seen > 1) {
                break;
            }
        }
        return false;
    }

    /** Whether one of the {@code window} words from token i on is in {@code cues}. */
    boolean cueAfter(int i, int window, java.util.Set<String> cues) {
        for (int k = i, seen = 0; k < size && seen < window; k++) {
            if (kind[k] != PUNCT) {
                seen++;
                if (cues.contains(lower[k])) {
                    return true;
                }
            }
        }
        return false;
    }
}
