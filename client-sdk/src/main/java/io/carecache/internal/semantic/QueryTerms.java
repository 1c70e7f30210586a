package io.carecache.internal.semantic;

import io.carecache.internal.keys.QueryCanonicalizer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The content terms of a question, as the lexical check compares them: canonical text split into
 * words, lay synonyms and abbreviations folded onto one term, function and question-frame words
 * dropped, a light stemmer applied, numbers and negations kept apart.
 *
 * <p>The stemmer is deliberately light (plurals, -ing, -ed): an aggressive one merges words whose
 * difference is decisive (for example "lower" and "low").
 *
 * @param content the content terms
 * @param numbers the numbers and codes
 * @param negated whether the question is negated (an odd number of negators)
 * @param sequence every word in order, function words included, each folded and stemmed as the
 *        content terms are: what {@link SemanticPolicy} compares to find a shared frame
 * @param intent what the question's opening says it asks for (cause, symptom, treatment, prevention,
 *        duration, amount, frequency; see {@code Lexicon.OPENING_INTENTS}), empty when it does not say
 * @param relation the directed relation the question asks about ("does A cause B", "B after A"), empty
 *        when it names none
 */
public record QueryTerms(Set<String> content, Set<String> numbers, boolean negated, List<String> sequence,
                         Optional<String> intent, Optional<Relation> relation) {

    /**
     * A directed relation between content terms, read around the question's first relation word:
     * "can anxiety cause high blood pressure" relates {@code anxiety} to {@code hypertension}; the
     * passive "is high blood pressure caused by anxiety" reads the same way round.
     *
     * @param from the terms on the relation's leading side (the cause; what comes first in time)
     * @param to the terms on its other side
     */
    public record Relation(Set<String> from, Set<String> to) {
        /**
         * Whether {@code other} puts a term of ours on the other side of the relation: a cause of ours
         * that it names as an effect, or the other way round ("can headaches raise blood pressure"
         * against "does high blood pressure cause headaches").
         */
        boolean reverses(Relation other) {
            return intersects(from, other.to) || intersects(to, other.from);
        }

        private static boolean intersects(Set<String> x, Set<String> y) {
            return x.stream().anyMatch(y::contains);
        }
    }

    // Words a relation turns on, leading side first ("anxiety causes insomnia", "eat before exercise").
    private static final Set<String> RELATION_WORDS = Set.of("cause", "causes", "caused", "causing", "lead", "leads",
            "leading", "led", "trigger", "triggers", "triggered", "triggering", "worsen", "worsens", "worsened",
            "affect", "affects", "affected", "raise", "raises", "raised", "raising", "increase", "increases",
            "increased", "increasing", "reduce", "reduces", "reduced", "reducing", "before", "than", "into");
    // Words a relation turns on the other way round ("insomnia due to anxiety", "caused by", "blood sugar
    // after exercise" is what exercise does to blood sugar).
    private static final Set<String> REVERSED_RELATION_WORDS = Set.of("due", "because", "from", "after");

    // Function words and the words questions are framed with; they never decide what is asked.
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "so", "than", "then", "that", "this", "these", "those",
            "what", "whats", "which", "who", "whom", "whose", "why", "how", "when", "where", "whether",
            "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done",
            "have", "has", "had", "having", "can", "could", "should", "would", "will", "shall", "may", "might", "must",
            "i", "im", "me", "my", "mine", "myself", "you", "your", "yours", "we", "our", "us", "it", "its", "itself",
            "he", "she", "him", "her", "his", "they", "them", "their", "someone", "somebody", "anyone", "one",
            "of", "for", "to", "in", "on", "at", "by", "from", "with", "about", "into", "as", "up", "out", "off",
            "s", "t", "d", "ll", "ve", "re", "m", "there", "here", "some", "any", "all", "very", "really", "just",
            "get", "got", "getting", "go", "going", "know", "tell", "possible", "way", "thing", "things", "much", "many",
            "ok", "okay", "normal", "best", "right", "good", "usual", "usually", "tip", "tips", "also", "too", "like",
            "during", "over", "while", "whilst", "throughout", "down", "bring",
            // Hedges, like "usually": "how long does a common cold typically last" asks the same.
            "typically", "typical", "common", "commonly", "generally", "normally");

    // Negators; "without" is left out on purpose ("safe" and "without harm" say the same).
    private static final Set<String> NEGATORS = Set.of("not", "no", "never", "cannot", "cant", "dont", "doesnt",
            "didnt", "isnt", "arent", "wasnt", "shouldnt", "wont", "nor");

    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"),
            Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
            Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
            Map.entry("ii", "2"), Map.entry("twice", "2"), Map.entry("once", "1"));

    /** The terms of {@code question}. */
    public static QueryTerms of(String question) {
        return of(question, Lexicon.BASE);
    }

    /** The terms of {@code question} under {@code lexicon}. */
    static QueryTerms of(String question, Lexicon lexicon) {
        List<String> words = words(QueryCanonicalizer.canonicalize(question));
        words = lexicon.foldPhrases(words);
        Set<String> content = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        List<String> sequence = new ArrayList<>(words.size());
        boolean negated = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (combinationProduct(words, i)) {
                // "Zyrtec-D" is a product of its own, not the brand's ingredient: one term for both words.
                String product = w + "-" + words.get(++i);
                sequence.add(product);
                content.add(product);
                continue;
            }
            String term = NEGATORS.contains(w) || STOP.contains(w) ? w : lexicon.canonicalTerm(stem(w));
            sequence.add(term);
            if (NEGATORS.contains(w)) {
                negated = !negated;
                continue;
            }
            if (w.chars().anyMatch(Character::isDigit)) {
                numbers.add(w);
                continue;
            }
            String n = NUMBER_WORDS.get(w);
            if (n != null && !w.equals("one")) {
                numbers.add(n);
                continue;
            }
            // "type one"/"stage one": "one" is a number only after such a word, else a pronoun.
            if (w.equals("one") && i > 0 && Lexicon.COUNTED.contains(words.get(i - 1))) {
                numbers.add("1");
                continue;
            }
            if (STOP.contains(w)) {
                continue;
            }
            content.add(term);
        }
        content.remove("");
        return new QueryTerms(Set.copyOf(content), Set.copyOf(numbers), negated, List.copyOf(sequence),
                intent(sequence), relation(words, sequence, content));
    }

    private static boolean combinationProduct(List<String> words, int i) {
        return i + 1 < words.size() && Lexicon.isBrand(words.get(i)) && Lexicon.COMBINATION_MARKS.contains(words.get(i + 1));
    }

    // The relation around the first relation word, when content lies on both sides of it.
    private static Optional<Relation> relation(List<String> words, List<String> sequence, Set<String> content) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean reversed = REVERSED_RELATION_WORDS.contains(w)
                    || RELATION_WORDS.contains(w) && i + 1 < words.size() && words.get(i + 1).equals("by");
            if (!reversed && !RELATION_WORDS.contains(w)) {
                continue;
            }
            Set<String> before = relatedTerms(sequence.subList(0, i), content);
            Set<String> after = relatedTerms(sequence.subList(i + 1, sequence.size()), content);
            if (before.isEmpty() || after.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(reversed ? new Relation(after, before) : new Relation(before, after));
        }
        return Optional.empty();
    }

    private static Set<String> relatedTerms(List<String> terms, Set<String> content) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : terms) {
            if (content.contains(t) && !Lexicon.GENERIC.contains(t)) {
                out.add(t);
            }
        }
        return Set.copyOf(out);
    }

    // What the question's opening says it asks for (Lexicon.OPENING_INTENTS).
    private static Optional<String> intent(List<String> sequence) {
        if (sequence.isEmpty()) {
            return Optional.empty();
        }
        String first = sequence.get(0);
        if (Lexicon.OPENING_INTENTS.containsKey(first)) {
            return Optional.of(Lexicon.OPENING_INTENTS.get(first));
        }
        if (Lexicon.OPEN_QUESTION_WORDS.contains(first)) {
            for (int i = 1; i < Math.min(sequence.size(), 1 + Lexicon.INTENT_REACH); i++) {
                String intent = Lexicon.INTENT_TERMS.get(sequence.get(i));
                if (intent != null) {
                    return Optional.of(intent);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Words of canonical text: letters and digits; "n't" and apostrophes joined to their word; a
     * decimal point or thousands comma between digits kept ("5.9" is one number, not 5 and 9).
     */
    static List<String> words(String canonical) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                w.append(c);
            } else if ((c == '.' || c == ',') && betweenDigits(canonical, i)) {
                w.append(c == ',' ? "" : ".");
            } else if ((c == '\'' || c == '\u2019') && w.length() > 0) {
                // "don't" -> "dont", "what's" -> "whats": the apostrophe joins, never splits.
                continue;
            } else if (w.length() > 0) {
                out.add(w.toString());
                w.setLength(0);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }

    private static boolean betweenDigits(String text, int i) {
        return i > 0 && i + 1 < text.length() && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1));
    }

    /**
     * A light English stemmer (plural -s/-es/-ies, -ing, -ed; never below three letters), checked
     * against WordNet's lemmas: where the suffix ate an "e" ("headaches", "snoring", "caused") the
     * word WordNet knows is kept ("headache", "snore", "cause"), so that every form of a word reads
     * as one term; and a word the rules would cut into a non-word ("bleed") stays as written.
     */
    static String stem(String w) {
        String s = w.toLowerCase(Locale.ROOT);
        String cut = ruleStem(s);
        if (cut.equals(s)) {
            return cut;
        }
        Thesaurus wordNet = Thesaurus.wordNet();
        if (wordNet.isWord(cut)) {
            return cut;
        }
        if (wordNet.isWord(cut + "e")) {
            return cut + "e";
        }
        return wordNet.isWord(s) ? s : cut;
    }

    private static String ruleStem(String s) {
        if (s.length() <= 3 || Lexicon.NO_STEM.contains(s)) {
            return s;
        }
        if (s.endsWith("ies") && s.length() > 4) {
            return s.substring(0, s.length() - 3) + "y";
        }
        if (s.endsWith("sses")) {
            return s.substring(0, s.length() - 2);
        }
        if (s.endsWith("ing") && s.length() > 5) {
            return undouble(s.substring(0, s.length() - 3));
        }
        if (s.endsWith("ed") && s.length() > 4) {
            return undouble(s.substring(0, s.length() - 2));
        }
        if (s.endsWith("es") && (s.endsWith("ches") || s.endsWith("shes") || s.endsWith("xes"))) {
            return s.substring(0, s.length() - 2);
        }
        if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            return s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "lsz".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }
}
