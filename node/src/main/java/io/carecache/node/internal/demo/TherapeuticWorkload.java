package io.carecache.node.internal.demo;

import io.carecache.CacheRequest;
import io.carecache.CareContext;
import io.carecache.CareResponse;

import java.util.List;
import java.util.Random;

/**
 * The seed's demo traffic: patients of 50 users asking therapeutic questions in several care
 * contexts, with a Zipf-like repeat pattern (a few questions are asked very often, most rarely)
 * and surface variation (case, spacing, punctuation) that canonical keys absorb.
 */
public final class TherapeuticWorkload {
    static final String MODEL = "care-llm-2026-10";
    static final String PROMPT = "therapeutic-v3";

    private static final String[][] QUESTIONS = {
            {"diabetes", "I'm feeling anxious about my diabetes"},
            {"diabetes", "How do I lower my A1C?"},
            {"diabetes", "What should I eat when my blood sugar is low?"},
            {"diabetes", "How much sugar is too much for a diabetic?"},
            {"diabetes", "How do I care for a diabetic foot ulcer?"},
            {"diabetes", "How can I manage my diabetes during the holidays?"},
            {"diabetes", "Why is my fasting glucose high in the morning?"},
            {"diabetes", "Can stress raise my blood sugar?"},
            {"mental_health", "How can I stop overthinking at night?"},
            {"mental_health", "What are grounding techniques for panic attacks?"},
            {"mental_health", "Can anxiety cause shortness of breath?"},
            {"mental_health", "How do I stop overeating when stressed?"},
            {"mental_health", "Is it normal to feel sad for no reason?"},
            {"mental_health", "How do I talk to my family about my depression?"},
            {"mental_health", "Can depression cause physical pain?"},
            {"mental_health", "What is cognitive behavioural therapy?"},
            {"cardiology", "What should I eat after a heart attack?"},
            {"cardiology", "When should I go to the ER for chest pain?"},
            {"cardiology", "How do I check my blood pressure at home?"},
            {"cardiology", "What are the side effects of statins?"},
            {"cardiology", "Is it safe to exercise with high blood pressure?"},
            {"cardiology", "How much salt is safe with heart failure?"},
            {"general", "How long does the flu last?"},
            {"general", "What can I take for a sore throat?"},
            {"general", "Is it safe to take ibuprofen every day?"},
            {"general", "Why do my legs cramp at night?"},
            {"general", "What is the best exercise for back pain?"},
            {"general", "How much water should I drink a day?"},
            {"general", "Is it normal to forget things as you get older?"},
            {"general", "How can I get rid of heartburn?"},
            {"general", "What are the symptoms of a UTI?"},
            {"general", "How many hours of sleep do adults need?"},
            {"sleep", "How can I fall asleep faster?"},
            {"sleep", "Is melatonin safe to take every night?"},
            {"sleep", "Why do I wake up at 3am every night?"},
            {"sleep", "Does napping affect night sleep?"},
            {"nutrition", "Are eggs bad for cholesterol?"},
            {"nutrition", "How much protein do I need after surgery?"},
            {"nutrition", "Is intermittent fasting safe with diabetes?"},
            {"nutrition", "What foods help lower blood pressure?"},
    };
    /** Paraphrases users type instead (positive pairs of the semantic development set): semantic hits. */
    private static final java.util.Map<String, String> PARAPHRASES = java.util.Map.ofEntries(
            java.util.Map.entry("How can I get rid of heartburn?", "What helps relieve acid reflux symptoms?"),
            java.util.Map.entry("What are the symptoms of a UTI?", "How do I know if I have a urinary tract infection?"),
            java.util.Map.entry("Is it safe to take ibuprofen every day?", "Can I use ibuprofen daily without harm?"),
            java.util.Map.entry("How do I lower my A1C?", "What can I do to bring my A1C down?"),
            java.util.Map.entry("Can anxiety cause shortness of breath?", "Is it possible for anxiety to make it hard to breathe?"),
            java.util.Map.entry("How long does the flu last?", "How many days does influenza usually last?"),
            java.util.Map.entry("How do I check my blood pressure at home?", "What's the right way to measure blood pressure at home?"),
            java.util.Map.entry("Why do my legs cramp at night?", "What causes nighttime leg cramps?"),
            java.util.Map.entry("What are the side effects of statins?", "Do statins have side effects?"),
            java.util.Map.entry("What can I take for a sore throat?", "What helps a sore throat feel better?"),
            java.util.Map.entry("Can depression cause physical pain?", "Is it possible for depression to make my body hurt?"),
            java.util.Map.entry("Is it normal to forget things as you get older?", "Is memory loss a normal part of aging?"));
    private static final String[] AGE_GROUPS = {"adult", "senior"};

    private final Random random;
    private final ZipfRanks zipf;

    /** A workload with a fixed seed, so runs are comparable. */
    public TherapeuticWorkload(long seed) {
        this.random = new Random(seed);
        this.zipf = new ZipfRanks(QUESTIONS.length * AGE_GROUPS.length, 1.1);
    }

    /** How many distinct questions the workload draws from (question × cohort). */
    public int distinctRequests() {
        return QUESTIONS.length * AGE_GROUPS.length;
    }

    /** The next request: a Zipf-ranked question with random surface variation, and its user. */
    public Draw next(int users) {
        int rank = zipf.rank(random.nextDouble());
        String[] q = QUESTIONS[rank % QUESTIONS.length];
        String ageGroup = AGE_GROUPS[rank / QUESTIONS.length];
        CareContext context = CareContext.builder(MODEL, PROMPT).careContext(q[0]).cohort("age_group", ageGroup).build();
        String paraphrase = PARAPHRASES.get(q[1]);
        // One ask in five of a question with a known paraphrase uses it: exact miss, semantic hit.
        String asked = paraphrase != null && random.nextInt(5) == 0 ? paraphrase : vary(q[1]);
        return new Draw("user-" + random.nextInt(users), CacheRequest.shared(asked, context));
    }

    /** The simulated pipeline's answer to a request. */
    public static CareResponse answer(CacheRequest request) {
        String topic = request.context().careContexts().first();
        return new CareResponse("Here is guidance on " + topic + " for " + request.context().cohort().get("age_group")
                + " patients: " + "start with small, steady changes and talk to your care team about anything that worries you. ".repeat(8),
                List.of("guideline:" + topic, "patient-education:" + topic), 0.86);
    }

    private String vary(String question) {
        return switch (random.nextInt(4)) {
            case 0 -> question;
            case 1 -> question.toLowerCase();
            case 2 -> "  " + question.replace(" ", "  ");
            default -> question.endsWith("?") ? question.substring(0, question.length() - 1) : question + "?";
        };
    }

    /**
     * One request of the workload.
     *
     * @param userId who asks
     * @param request what is asked
     */
    public record Draw(String userId, CacheRequest request) {
    }
}
