package io.carecache.internal.keys;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Puts a question into the form its cache key is computed from: Unicode NFKC, case folded,
 * runs of whitespace collapsed to one space, punctuation and symbols trimmed from both ends.
 * One pass over the text, no regular expressions: linear time on any input.
 */
public final class QueryCanonicalizer {
    private QueryCanonicalizer() {
    }

    /** The canonical form of {@code query}; empty when nothing but whitespace and punctuation remains. */
    public static String canonicalize(String query) {
        String folded = nfkc(nfkc(query).toLowerCase(Locale.ROOT));
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.FORMAT) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return trimPunctuation(out);
    }

    // NFKC twice overall: lower-casing can produce sequences that compose differently. The
    // quick check skips the allocation for text that is already normalized (almost all of it).
    private static String nfkc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFKC) ? s : Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    private static String trimPunctuation(CharSequence s) {
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmable(Character.codePointAt(s, start))) {
            start += Character.charCount(Character.codePointAt(s, start));
        }
        while (end > start && isTrimmable(Character.codePointBefore(s, end))) {
            end -= Character.charCount(Character.codePointBefore(s, end));
        }
        return s.subSequence(start, end).toString();
    }

    private static boolean isTrimmable(int cp) {
        return cp == ' ' || !Character.isLetterOrDigit(cp);
    }
}
