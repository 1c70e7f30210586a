package io.carecache.node.internal.load;

import io.carecache.node.internal.demo.ZipfRanks;

import io.carecache.CacheRequest;
import io.carecache.CareContext;
import io.carecache.CareResponse;

import java.util.List;
import java.util.Random;

/**
 * Requests for the load generator, reproducible from a seed. 100 distinct questions (ten
 * conditions × ten question frames, each in its care context) asked by a fixed number of users.
 * The seed's load test draws them uniformly; the Zipf run ranks them (a few asked very often),
 * varies their surface (case, spacing, punctuation: the canonical key absorbs it), rewords a
 * fraction (a paraphrase is another exact key) and puts an identifier into a fraction (PHI: the
 * request must bypass the cache). Not thread-safe: one generator per producing thread.
 */
final class LoadWorkload {
    static final String MODEL = "care-llm-2026-10";
    static final String PROMPT = "therapeutic-v3";
    private static final String[][] CONDITIONS = {
            {"diabetes", "type 2 diabetes"}, {"cardiology", "high blood pressure"}, {"cardiology", "heart failure"},
            {"mental_health", "anxiety"}, {"mental_health", "depression"}, {"sleep", "insomnia"},
            {"general", "migraine"}, {"general", "asthma"}, {"nutrition", "high cholesterol"}, {"general", "arthritis"}};
    private static final String[] FRAMES = {
            "What are the early signs of %s?", "How is %s treated?", "What should I eat with %s?",
            "Can exercise help with %s?", "When should I see a doctor about %s?", "What makes %s worse?",
            "Is %s hereditary?", "How do I explain %s to my family?", "What medications are used for %s?",
            "Can %s go away on its own?"};
    private static final String[] PARAPHRASE_FRAMES = {
            "Which first symptoms point to %s?", "What is the treatment for %s?", "Which foods are good for %s?",
            "Does working out help %s?", "At what point do I need a doctor for %s?", "What aggravates %s?",
            "Does %s run in families?", "How can I tell my relatives about my %s?", "Which drugs treat %s?",
            "Does %s resolve by itself?"};
    private static final String[] PHI_PREFIXES = {
            "My name is Maria Gonzalez and my SSN is 521-44-7812. ", "I'm John Carter, born 03/14/1962. ",
            "Call me at (617) 555-0143. ", "My MRN is 00482913. ", "Email me at jane.doe@example.com. "};

    /** How a drawn request relates to its distinct question. */
    enum Kind {
        /** The question as written. */
        EXACT,
        /** Case, spacing or punctuation changed: the same canonical key. */
        VARIANT,
        /** Reworded: another exact key (only a semantic index can match it). */
        PARAPHRASE,
        /** Carries a HIPAA identifier: bypasses the cache. */
        PHI
    }

    /**
     * One request.
     *
     * @param userId who asks
     * @param question index of the distinct question (0..99)
     * @param kind how the text was derived from it
     * @param request what is asked
     */
    record Draw(String userId, int question, Kind kind, CacheRequest request) {
    }

    private final Random random;
    private final int users;
    private final ZipfRanks zipf;
    private final double paraphraseFraction;
    private final double phiFraction;

    private LoadWorkload(long seed, int users, double zipfExponent, double paraphraseFraction, double phiFraction) {
        this.random = new Random(seed);
        this.users = users;
        this.zipf = zipfExponent > 0 ? new ZipfRanks(distinctQuestions(), zipfExponent) : null;
        this.paraphraseFraction = paraphraseFraction;
        this.phiFraction = phiFraction;
    }

    /** The seed's load test: questions drawn uniformly from the 100, exact text, by {@code users} users. */
    static LoadWorkload seed(long seed, int users) {
        return new LoadWorkload(seed, users, 0, 0, 0);
    }

    /** Zipf-ranked questions with surface variants, paraphrases and PHI-bearing requests. */
    static LoadWorkload zipf(long seed, int users, double exponent, double paraphraseFraction, double phiFraction) {
        if (exponent <= 0 || paraphraseFraction < 0 || phiFraction < 0 || paraphraseFraction + phiFraction > 1) {
            throw new IllegalArgumentException("zipf exponent must be > 0 and paraphrase + PHI fractions within 0..1");
        }
        return new LoadWorkload(seed, users, exponent, paraphraseFraction, phiFraction);
    }

    static int distinctQuestions() {
        return CONDITIONS.length * FRAMES.length;
    }

    /** The next request. */
    Draw next() {
        int q = zipf == null ? random.nextInt(distinctQuestions()) : zipf.rank(random.nextDouble());
        String user = "user-" + random.nextInt(users);
        String[] condition = CONDITIONS[q / FRAMES.length];
        int frame = q % FRAMES.length;
        CareContext context = CareContext.builder(MODEL, PROMPT).careContext(condition[0]).build();
        if (zipf == null) {
            return new Draw(user, q, Kind.EXACT, CacheRequest.shared(FRAMES[frame].formatted(condition[1]), context));
        }
        double u = random.nextDouble();
        Kind kind;
        String text;
        if (u < phiFraction) {
            kind = Kind.PHI;
            text = PHI_PREFIXES[random.nextInt(PHI_PREFIXES.length)] + FRAMES[frame].formatted(condition[1]);
        } else if (u < phiFraction + paraphraseFraction) {
            kind = Kind.PARAPHRASE;
            text = PARAPHRASE_FRAMES[frame].formatted(condition[1]);
        } else if (random.nextBoolean()) {
            kind = Kind.VARIANT;
            text = vary(FRAMES[frame].formatted(condition[1]));
        } else {
            kind = Kind.EXACT;
            text = FRAMES[frame].formatted(condition[1]);
        }
        return new Draw(user, q, kind, CacheRequest.shared(text, context));
    }

    /** The simulated pipeline's answer: about {@code bytes} characters of plausible guidance. */
    static CareResponse answer(CacheRequest request, int bytes, long seed) {
        // Words in random order compress about as well as prose (deflate to ~25-35%): realistic
        // sizes for the memory run, unlike a few sentences repeated.
        String[] words = ("take your medication with food and monitor your blood glucose before meals if you "
                + "feel dizzy sit down and contact your care team anxiety can raise heart rate breathing exercises "
                + "help sleep well regular exercise lowers blood pressure").split(" ");
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder(bytes + 16);
        while (text.length() < bytes) {
            text.append(words[r.nextInt(words.length)]).append(' ');
        }
        // Whole words only: a word cut short at the end can read as an identifier to the PHI screen.
        text.setLength(text.lastIndexOf(" ", bytes));
        return new CareResponse(text.toString(), List.of("guideline:" + request.context().careContexts().first()), 0.86);
    }

    private String vary(String question) {
        return switch (random.nextInt(3)) {
            case 0 -> question.toLowerCase();
            case 1 -> "  " + question.replace(" ", "  ");
            default -> question.substring(0, question.length() - 1);
        };
    }

}
