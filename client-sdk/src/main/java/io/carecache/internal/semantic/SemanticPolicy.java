package io.carecache.internal.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When a cached question may answer another: the production rule for semantic hits, used by the
 * lookup path and by {@code semantic-eval} alike.
 *
 * <p>A match needs the embedding cosine at or above {@link #threshold()} and a lexical check:
 * <ol>
 *   <li>numbers must agree ("type 1" is not "type 2"; "a1c" is not "creatinine");</li>
 *   <li>negation must agree;</li>
 *   <li>neither side may hold the opposite of a term in the other (before/after, raise/lower,
 *       benefits/side effects, left/right);</li>
 *   <li>a population (baby, child, teen, pregnancy, breastfeeding) named on one side only rejects;</li>
 *   <li>one sentence with one slot changed rejects at any cosine: when the questions read word for
 *       word alike except in one place, shorter than a third of the longer question, and that place
 *       holds content the other question lacks ("grapefruit juice" / "orange juice", "with contrast"
 *       / "without contrast"). BGE scores such pairs as high as paraphrases whatever the slot holds,
 *       while real paraphrases are reworded, so the slot decides;</li>
 *   <li>the more the content differs, the more cosine is needed, because BGE scores two questions
 *       built on one frame as high as paraphrases whatever the slot holds: same content terms (after
 *       synonyms are folded, generic words such as "symptoms" or "cause" set aside) need
 *       {@link #threshold()}; content added on one side only ("... while pregnant") needs
 *       {@link #additionThreshold()}; a <em>swap</em> — each side has a term the other lacks
 *       ("get rid of heartburn" / "get rid of hiccups") — needs {@link #swapThreshold()}.</li>
 * </ol>
 *
 * @param threshold the cosine a match needs
 * @param additionThreshold the cosine a match needs when one question adds content terms
 * @param swapThreshold the cosine a match needs when the questions exchange content terms
 */
public record SemanticPolicy(double threshold, double additionThreshold, double swapThreshold) {
    /** The calibrated default base threshold (see BENCHMARKS.md, "Semantic matching"). */
    public static final double DEFAULT_THRESHOLD = 0.78;
    /** How much more cosine an addition needs than the base threshold. */
    public static final double DEFAULT_ADDITION_MARGIN = 0.08;
    /** How much more cosine a swap needs than the base threshold. */
    public static final double DEFAULT_SWAP_MARGIN = 0.12;
    /** The shipped policy. */
    public static final SemanticPolicy DEFAULT = withThreshold(DEFAULT_THRESHOLD);

    public SemanticPolicy {
        if (!(threshold > 0 && threshold <= additionThreshold && additionThreshold <= swapThreshold && swapThreshold <= 1)) {
            throw new IllegalArgumentException("semantic thresholds must satisfy 0 < threshold <= additionThreshold"
                    + " <= swapThreshold <= 1, got " + threshold + ", " + additionThreshold + " and " + swapThreshold);
        }
    }

    /** A policy with base threshold {@code t} and the default margins (capped at 1). */
    public static SemanticPolicy withThreshold(double t) {
        return new SemanticPolicy(t, Math.min(1.0, t + DEFAULT_ADDITION_MARGIN), Math.min(1.0, t + DEFAULT_SWAP_MARGIN));
    }

    /** A policy that looks at the cosine only (for comparison in {@code semantic-eval}). */
    public static SemanticPolicy cosineOnly(double t) {
        return new SemanticPolicy(t, t, t);
    }

    /** Why two questions match or not. */
    public enum Verdict {
        MATCH, BELOW_THRESHOLD, NUMBERS_DIFFER, NEGATION_DIFFERS, OPPOSITES, POPULATION_DIFFERS,
        SLOT_DIFFERS, ADDITION_BELOW_THRESHOLD, SWAP_BELOW_THRESHOLD;

        public boolean isMatch() {
            return this == MATCH;
        }
    }

    /** Judges a cached question {@code b} for the asked question {@code a} at embedding cosine {@code cosine}. */
    public Verdict judge(String a, String b, double cosine) {
        if (cosine < threshold) {
            return Verdict.BELOW_THRESHOLD;
        }
        return judge(QueryTerms.of(a), QueryTerms.of(b), cosine);
    }

    Verdict judge(QueryTerms a, QueryTerms b, double cosine) {
        if (cosine < threshold) {
            return Verdict.BELOW_THRESHOLD;
        }
        if (!a.numbers().equals(b.numbers())) {
            return Verdict.NUMBERS_DIFFER;
        }
        if (a.negated() != b.negated()) {
            return Verdict.NEGATION_DIFFERS;
        }
        if (opposed(a.content(), b.content()) || opposed(b.content(), a.content())) {
            return Verdict.OPPOSITES;
        }
        if (!populations(a.content()).equals(populations(b.content()))) {
            return Verdict.POPULATION_DIFFERS;
        }
        if (slotDiffers(a, b)) {
            return Verdict.SLOT_DIFFERS;
        }
        Set<String> onlyA = decisive(a.content(), b.content());
        Set<String> onlyB = decisive(b.content(), a.content());
        if (!onlyA.isEmpty() && !onlyB.isEmpty()) {
            return cosine >= swapThreshold ? Verdict.MATCH : Verdict.SWAP_BELOW_THRESHOLD;
        }
        if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
            return cosine >= additionThreshold ? Verdict.MATCH : Verdict.ADDITION_BELOW_THRESHOLD;
        }
        return Verdict.MATCH;
    }

    // Terms of x that y lacks, generic words aside.
    private static Set<String> decisive(Set<String> x, Set<String> y) {
        Set<String> out = new HashSet<>(x);
        out.removeAll(y);
        out.removeAll(Lexicon.GENERIC);
        return out;
    }

    // One shared frame, one short differing place, content there that the other question lacks.
    private static boolean slotDiffers(QueryTerms a, QueryTerms b) {
        List<String> x = a.sequence();
        List<String> y = b.sequence();
        int prefix = 0;
        while (prefix < x.size() && prefix < y.size() && x.get(prefix).equals(y.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < x.size() - prefix && suffix < y.size() - prefix
                && x.get(x.size() - 1 - suffix).equals(y.get(y.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> slotX = x.subList(prefix, x.size() - suffix);
        List<String> slotY = y.subList(prefix, y.size() - suffix);
        int longer = Math.max(x.size(), y.size());
        if (3 * Math.max(slotX.size(), slotY.size()) >= longer) {
            return false;
        }
        return !slotContent(slotX, a, b).isEmpty() || !slotContent(slotY, b, a).isEmpty();
    }

    // Content terms of a slot of question q that the other question lacks, generic words aside.
    private static Set<String> slotContent(List<String> slot, QueryTerms q, QueryTerms other) {
        Set<String> out = new HashSet<>(slot);
        out.retainAll(q.content());
        out.removeAll(other.content());
        out.removeAll(Lexicon.GENERIC);
        return out;
    }

    private static Set<String> populations(Set<String> content) {
        Set<String> out = new HashSet<>(content);
        out.retainAll(Lexicon.POPULATIONS);
        return out;
    }

    private static boolean opposed(Set<String> x, Set<String> y) {
        for (String term : x) {
            for (String opposite : Lexicon.opposites(term)) {
                if (y.contains(opposite) && !x.contains(opposite)) {
                    return true;
                }
            }
        }
        return false;
    }
}
