package io.carecache.internal.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *   <li>two questions whose openings both say what they ask for (why / what causes, the symptoms,
 *       a treatment, prevention, how long, how much, how often, how common, where, who) and ask
 *       for different things reject;</li>
 *   <li>a relation asked the other way round rejects ("can anxiety cause high blood pressure" /
 *       "can high blood pressure cause anxiety"; "pregnant right after a period" / "a period right
 *       after getting pregnant"); the passive ("caused by", "due to") reads as the active does;</li>
 *   <li>one sentence edited rejects at any cosine: when at least {@link #SHARED_FRAME} of the longer
 *       question's words read alike and in order in the other (their longest common subsequence),
 *       and content lies outside those common words, changed or moved ("grapefruit juice" / "orange
 *       juice", "with contrast" / "without contrast", "after diving ... before flying" / "after flying
 *       ... before diving"). BGE scores such pairs as high as paraphrases whatever was edited, while
 *       real paraphrases are reworded, so the edit decides;</li>
 *   <li>otherwise (reworded questions) the more the content differs, the more cosine is needed: same
 *       content terms (after synonyms are folded, generic words such as "symptoms" or "cause" set
 *       aside, and words that share a sense in WordNet paired off: "quit" and "stop", "belly" and
 *       "abdomen") need {@link #threshold()}; content added on one side only needs
 *       {@link #additionThreshold()}; a <em>swap</em> — each side has a term the other lacks
 *       ("how can I get rid of heartburn" / "what stops hiccups quickly") — needs
 *       {@link #swapThreshold()}.</li>
 * </ol>
 *
 * @param threshold the cosine a match needs
 * @param additionMargin how much more cosine a match needs when one question adds content terms
 * @param swapMargin how much more cosine a match needs when the questions exchange content terms
 * @param lexicon the vocabulary questions are read with: the shipped one, or it with an operator's synonyms
 */
public record SemanticPolicy(double threshold, double additionMargin, double swapMargin, Lexicon lexicon) {
    /** The calibrated default base threshold (see BENCHMARKS.md, "Semantic matching"). */
    public static final double DEFAULT_THRESHOLD = 0.78;
    /**
     * How much more cosine an addition needs than the base threshold. Reworded questions whose content
     * terms differ score 0.85-0.90 whether they are paraphrases or not (at margins of 0.08 and 0.12,
     * two unseen sets in a row let one wrong answer in twenty through, between 0.86 and 0.90), so at
     * the default an addition must clear 0.90; BENCHMARKS.md, "Semantic matching", has the recall
     * this costs.
     */
    public static final double DEFAULT_ADDITION_MARGIN = 0.12;
    /**
     * The widest margin, and what it means: not served at any cosine. (The builder takes base
     * thresholds from 0.5 up, so such a margin would need a cosine above 1 anyway.)
     */
    public static final double MAX_MARGIN = 0.5;
    /**
     * The default swap margin is {@link #MAX_MARGIN}: no swap is served. A swap that WordNet's shared
     * senses do not explain exchanges the word that decides the answer as often as a reworded one
     * ("prevent" / "cure", "take to work" / "keep taking"), at the same cosines (0.91-0.96); served
     * at a margin of 0.14 they made most wrong answers on unseen pairs (BENCHMARKS.md, "Semantic
     * matching", rule 10).
     */
    public static final double DEFAULT_SWAP_MARGIN = MAX_MARGIN;
    /** The shipped policy. */
    public static final SemanticPolicy DEFAULT = withThreshold(DEFAULT_THRESHOLD);

    public SemanticPolicy {
        Objects.requireNonNull(lexicon, "lexicon");
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("semantic threshold must be in (0, 1], got " + threshold);
        }
        if (!(additionMargin >= 0 && additionMargin <= swapMargin && swapMargin <= MAX_MARGIN)) {
            throw new IllegalArgumentException("semantic margins must satisfy 0 <= addition <= swap <= " + MAX_MARGIN
                    + " (cosine), got addition " + additionMargin + " and swap " + swapMargin);
        }
    }

    /** A policy with base threshold {@code t} and the default margins, over the shipped vocabulary. */
    public static SemanticPolicy withThreshold(double t) {
        return new SemanticPolicy(t, DEFAULT_ADDITION_MARGIN, DEFAULT_SWAP_MARGIN, Lexicon.BASE);
    }

    /** This policy at base threshold {@code t}, with the same margins and vocabulary. */
    public SemanticPolicy atThreshold(double t) {
        return new SemanticPolicy(t, additionMargin, swapMargin, lexicon);
    }

    /**
     * This policy with other margins over its base threshold, same vocabulary.
     *
     * @throws IllegalArgumentException unless {@code 0 <= addition <= swap <= MAX_MARGIN}
     */
    public SemanticPolicy withMargins(double addition, double swap) {
        return new SemanticPolicy(threshold, addition, swap, lexicon);
    }

    /** The cosine a match needs when one question adds content terms (capped at 1). */
    public double additionThreshold() {
        return Math.min(1.0, threshold + additionMargin);
    }

    /** The cosine a match needs when the questions exchange content terms (capped at 1; see {@link #MAX_MARGIN}). */
    public double swapThreshold() {
        return Math.min(1.0, threshold + swapMargin);
    }

    /**
     * This policy reading questions with {@code synonyms} added to its vocabulary: each term's forms
     * (words, or phrases of up to four words) count as that term.
     *
     * @throws IllegalArgumentException naming a term or form with no words or too many
     */
    public SemanticPolicy withSynonyms(Map<String, Set<String>> synonyms) {
        return new SemanticPolicy(threshold, additionMargin, swapMargin, lexicon.withSynonyms(synonyms));
    }

    /** A policy that looks at the cosine only (for comparison in {@code semantic-eval}). */
    public static SemanticPolicy cosineOnly(double t) {
        return new SemanticPolicy(t, 0, 0, Lexicon.BASE);
    }

    /** Why two questions match or not. */
    public enum Verdict {
        MATCH, BELOW_THRESHOLD, NUMBERS_DIFFER, NEGATION_DIFFERS, OPPOSITES, POPULATION_DIFFERS, INTENT_DIFFERS,
        RELATION_REVERSED, SLOT_DIFFERS, ADDITION_BELOW_THRESHOLD, SWAP_BELOW_THRESHOLD;

        public boolean isMatch() {
            return this == MATCH;
        }
    }

    /** Judges a cached question {@code b} for the asked question {@code a} at embedding cosine {@code cosine}. */
    public Verdict judge(String a, String b, double cosine) {
        if (cosine < threshold) {
            return Verdict.BELOW_THRESHOLD;
        }
        return judge(QueryTerms.of(a, lexicon), QueryTerms.of(b, lexicon), cosine);
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
        if (a.intent().isPresent() && b.intent().isPresent() && !a.intent().equals(b.intent())) {
            return Verdict.INTENT_DIFFERS;
        }
        if (a.relation().isPresent() && b.relation().isPresent() && a.relation().get().reverses(b.relation().get())) {
            return Verdict.RELATION_REVERSED;
        }
        if (slotDiffers(a, b)) {
            return Verdict.SLOT_DIFFERS;
        }
        Set<String> onlyA = decisive(a.content(), b.content());
        Set<String> onlyB = decisive(b.content(), a.content());
        if (!onlyA.isEmpty() && !onlyB.isEmpty()) {
            alignSynonyms(onlyA, onlyB);
        }
        if (!onlyA.isEmpty() && !onlyB.isEmpty()) {
            return clears(cosine, swapMargin, swapThreshold()) ? Verdict.MATCH : Verdict.SWAP_BELOW_THRESHOLD;
        }
        if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
            return clears(cosine, additionMargin, additionThreshold()) ? Verdict.MATCH : Verdict.ADDITION_BELOW_THRESHOLD;
        }
        return Verdict.MATCH;
    }

    // A margin of MAX_MARGIN is never cleared.
    private static boolean clears(double cosine, double margin, double needed) {
        return margin < MAX_MARGIN && cosine >= needed;
    }

    // Drops from x and y the terms that share a WordNet sense with a term on the other side.
    private static void alignSynonyms(Set<String> x, Set<String> y) {
        Set<String> alignedX = new HashSet<>();
        Set<String> alignedY = new HashSet<>();
        for (String s : x) {
            for (String t : y) {
                if (Thesaurus.wordNet().synonyms(s, t)) {
                    alignedX.add(s);
                    alignedY.add(t);
                }
            }
        }
        x.removeAll(alignedX);
        y.removeAll(alignedY);
    }

    // Terms of x that y lacks, generic words aside.
    private static Set<String> decisive(Set<String> x, Set<String> y) {
        Set<String> out = new HashSet<>(x);
        out.removeAll(y);
        out.removeAll(Lexicon.GENERIC);
        return out;
    }

    /**
     * Share of the longer question's words that must read alike, in order, for two questions to be
     * one sentence edited: there, what differs decides, whatever the cosine.
     */
    static final double SHARED_FRAME = 0.6;

    // One sentence edited: most words alike in order (or one question inside the other), and content
    // outside the common words.
    private static boolean slotDiffers(QueryTerms a, QueryTerms b) {
        List<String> x = a.sequence();
        List<String> y = b.sequence();
        boolean[][] aligned = commonSubsequence(x, y);
        int common = 0;
        for (boolean inCommon : aligned[0]) {
            common += inCommon ? 1 : 0;
        }
        // Mostly the same words in order, or all of the shorter question's words with some inserted.
        if (common < SHARED_FRAME * Math.max(x.size(), y.size()) && common < Math.min(x.size(), y.size())) {
            return false;
        }
        return hasContentOutside(x, aligned[0], a) || hasContentOutside(y, aligned[1], b);
    }

    // Content terms of q at positions outside the common subsequence (moved or changed), generic words aside.
    private static boolean hasContentOutside(List<String> words, boolean[] aligned, QueryTerms q) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!aligned[i] && q.content().contains(w) && !Lexicon.GENERIC.contains(w)) {
                return true;
            }
        }
        return false;
    }

    // Longest common subsequence of x and y: which positions of each it uses.
    private static boolean[][] commonSubsequence(List<String> x, List<String> y) {
        int[][] length = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                length[i][j] = x.get(i).equals(y.get(j)) ? length[i + 1][j + 1] + 1
                        : Math.max(length[i + 1][j], length[i][j + 1]);
            }
        }
        boolean[] inX = new boolean[x.size()];
        boolean[] inY = new boolean[y.size()];
        int i = 0;
        int j = 0;
        while (i < x.size() && j < y.size()) {
            if (x.get(i).equals(y.get(j))) {
                inX[i++] = true;
                inY[j++] = true;
            } else if (length[i + 1][j] >= length[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return new boolean[][] {inX, inY};
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
