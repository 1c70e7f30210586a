package io.carecache.internal.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Small consumer-health vocabulary for the lexical check: multi-word expressions folded to one
 * term, lay synonyms and abbreviations mapped to one canonical term, and pairs of opposites.
 * General-purpose entries (common abbreviations, lay names, opposite directions), not a list of
 * particular questions. {@link #BASE} is the shipped vocabulary; operators add their own synonyms
 * ({@link #withSynonyms(Map)}, from {@code CareCache.Builder.semanticSynonyms}) after reading
 * {@code semantic-eval --show-errors} on their own traffic.
 */
final class Lexicon {
    /** Longest phrase, in words, that folds to one term. */
    static final int MAX_PHRASE_WORDS = 4;
    /** Words after which "one" is a number ("type one"), not a pronoun. */
    static final Set<String> COUNTED = Set.of("type", "stage", "grade", "level", "step", "phase", "class", "day",
            "week", "month", "year", "dose", "degree");

    /** Generic terms that add no subject of their own ("the symptoms of X" asks about X). */
    static final Set<String> GENERIC = Set.of("symptom", "cause", "part", "take", "mean", "problem", "issue",
            "kind", "question", "advice", "information", "info", "idea", "need", "want", "try", "feel",
            // What is asked ("how much", "how often") is judged by the opening intent, not as content.
            "amount", "frequency", "prevalence");

    /**
     * Who a question is about, when it is not an adult in general: dosing, red flags and safety differ
     * for them, so a question naming one of these the other does not is another question, however
     * close the embeddings ("fever" / "fever in my baby").
     */
    static final Set<String> POPULATIONS = Set.of("child", "baby", "teen", "pregnant", "breastfeeding");

    /**
     * What a question asks for, read from how it opens: "why ..." a cause, "how long ..." a
     * duration, "how much / how many ..." an amount, "how often ..." a frequency, "how common /
     * how likely ..." how common it is, "where ..." a place, "who ..." a person, "how do I know
     * ..." or "what are the symptoms ..." the symptoms, and "what / how" followed within a few words
     * by cause, symptom, treat or prevent. Only the opening counts: "Can X cause Y?" asks whether,
     * and "help" or "make" further on says nothing about what is asked.
     */
    static final Map<String, String> OPENING_INTENTS = Map.of("why", "cause", "duration", "duration",
            "amount", "amount", "frequency", "frequency", "symptom", "symptom", "prevalence", "prevalence",
            "where", "place", "who", "who");
    /** Intent terms looked for within {@link #INTENT_REACH} words after an opening "what", "which" or "how". */
    static final Map<String, String> INTENT_TERMS = Map.of("cause", "cause", "symptom", "symptom",
            "treat", "treatment", "prevent", "prevention");
    static final Set<String> OPEN_QUESTION_WORDS = Set.of("what", "whats", "which", "how");
    static final int INTENT_REACH = 5;

    /** Words the stemmer must leave alone (their "stem" would be another word). */
    static final Set<String> NO_STEM = Set.of("lower", "higher", "during", "morning", "evening", "bring", "feeling",
            "bleeding", "swelling", "vomiting", "wellbeing", "diabetes", "lupus", "psoriasis", "arthritis", "sinus",
            "virus", "always", "pancreas", "dizziness", "illness", "weakness", "sickness", "nausea", "less",
            "pregnancy", "ulcers", "taking");

    // Words after a brand name that make it another product: "Zyrtec-D" adds pseudoephedrine to
    // cetirizine, "Tylenol PM" diphenhydramine to acetaminophen, "XR" changes the dosing.
    static final Set<String> COMBINATION_MARKS = Set.of("d", "pm", "plus", "sinus", "cold", "flu", "allergy",
            "congestion", "severe", "nighttime", "xr", "er", "sr", "cr", "xl", "la", "hbp");

    // Longest phrases first is not needed: matching tries 4-, 3- then 2-word windows.
    private static final Map<String, String> PHRASES = new HashMap<>();
    private static final Map<String, String> SYNONYMS = new HashMap<>();
    private static final Map<String, Set<String>> OPPOSITES = new HashMap<>();
    private static final Set<String> BRANDS = new HashSet<>();

    static {
        phrase("uti", "urinary tract infection", "urinary tract infections", "bladder infection");
        phrase("reflux", "acid reflux", "heartburn", "gerd", "acid indigestion");
        phrase("er", "emergency room", "emergency department", "a&e", "urgent care");
        phrase("flu", "influenza");
        phrase("hypertension", "high blood pressure");
        phrase("hypotension", "low blood pressure");
        phrase("bloodpressure", "blood pressure", "bp");
        phrase("bloodsugar", "blood sugar", "blood glucose", "glucose", "sugar level", "sugar levels");
        phrase("heartattack", "heart attack", "myocardial infarction");
        phrase("breathless", "shortness of breath", "short of breath", "hard to breathe", "trouble breathing",
                "difficulty breathing", "breathlessness");
        phrase("sideeffect", "side effects", "side effect", "adverse effects", "adverse effect");
        phrase("sleepaid", "sleeping pill", "sleeping pills", "sleep aid", "sleep aids", "sleeping tablet",
                "sleeping tablets", "sleep medication");
        phrase("memoryloss", "memory loss", "forget things", "forgetting things", "forgetful", "memory problems");
        phrase("mentalhealth", "mental health", "mental wellbeing", "mental well being", "emotional health");
        phrase("chestpain", "chest pain", "chest pains");
        phrase("kidneystone", "kidney stone", "kidney stones");
        phrase("coldsore", "cold sore", "cold sores", "fever blister", "fever blisters");
        phrase("breastfeeding", "breast feeding", "breast-feeding");
        phrase("weightgain", "weight gain", "gain weight", "gaining weight", "put on weight");
        phrase("weightloss", "weight loss", "lose weight", "losing weight");
        phrase("nightsweat", "night sweats", "night sweat");
        phrase("hotflash", "hot flashes", "hot flash", "hot flushes", "hot flush");
        phrase("daily", "every day", "each day", "per day", "a day");
        phrase("night", "at night", "nighttime", "overnight", "at bedtime");
        phrase("reduce", "bring down", "get down", "cut down");
        phrase("treat", "get rid of", "feel better", "take care of", "look after", "deal with", "cope with");
        phrase("duration", "how long", "how many days", "how many weeks", "how many months", "how many years",
                "course length", "length of");
        phrase("frequency", "how often", "how frequently", "how many times");
        phrase("prevalence", "how common", "how likely", "how rare", "what are the chances", "what are the odds");
        phrase("amount", "how much", "how many", "maximum dose", "max dose");
        phrase("symptom", "how do i know", "how can i tell", "how do i tell");
        phrase("painful", "make my body hurt", "hurt");
        phrase("er", "go to the hospital");

        synonyms("reduce", "lower", "decrease", "lessen", "cut", "drop", "minimize", "reduces");
        synonyms("increase", "raise", "boost", "elevate", "higher");
        synonyms("treat", "relieve", "ease", "soothe", "help", "manage", "control", "controll", "handle",
                "remedy", "treatment", "care", "cure", "fix");
        synonyms("symptom", "sign", "indication", "warning");
        synonyms("prevent", "prevention", "preventing");
        synonyms("cause", "trigger", "make");
        synonyms("diabetes", "diabetic", "diabete");
        synonyms("exercise", "workout", "activity");
        synonyms("diet", "eat", "food", "meal", "nutrition");
        synonyms("safety", "safe", "harm", "harmful", "dangerous", "risky", "risk");
        synonyms("take", "use", "taking");
        synonyms("age", "older", "aging", "ageing", "elderly", "old");
        synonyms("pain", "ache", "sore", "painful", "hurt");
        synonyms("measure", "check", "test", "monitor", "read");
        synonyms("stress", "stressed", "stressful");
        synonyms("sleep", "asleep", "insomnia");
        synonyms("medication", "medicine", "meds", "drug", "pill", "tablet");
        synonyms("doctor", "physician", "gp");
        synonyms("child", "kid", "children", "kids", "toddler");
        synonyms("pregnant", "pregnancy");
        synonyms("baby", "babies", "infant", "infants", "newborn", "newborns");
        synonyms("teen", "teens", "teenager", "teenagers", "adolescent", "adolescents");
        synonyms("breastfeeding", "breastfeed", "lactating");
        synonyms("antibiotic", "antibiotics");

        brands("acetaminophen", "tylenol", "paracetamol", "panadol");
        brands("ibuprofen", "advil", "motrin", "nurofen");
        brands("naproxen", "aleve", "naprosyn");
        brands("sertraline", "zoloft");
        brands("fluoxetine", "prozac");
        brands("escitalopram", "lexapro");
        brands("citalopram", "celexa");
        brands("alprazolam", "xanax");
        brands("zolpidem", "ambien");
        brands("atorvastatin", "lipitor");
        brands("rosuvastatin", "crestor");
        brands("simvastatin", "zocor");
        brands("metformin", "glucophage");
        brands("levothyroxine", "synthroid", "levoxyl", "eltroxin");
        brands("amlodipine", "norvasc");
        brands("lisinopril", "zestril", "prinivil");
        brands("losartan", "cozaar");
        brands("furosemide", "lasix");
        brands("warfarin", "coumadin", "jantoven");
        brands("apixaban", "eliquis");
        brands("rivaroxaban", "xarelto");
        brands("clopidogrel", "plavix");
        brands("omeprazole", "prilosec", "losec");
        brands("esomeprazole", "nexium");
        brands("famotidine", "pepcid");
        brands("loratadine", "claritin");
        brands("cetirizine", "zyrtec");
        brands("fexofenadine", "allegra");
        brands("loperamide", "imodium");
        brands("albuterol", "salbutamol", "ventolin", "proair");
        brands("montelukast", "singulair");
        brands("amoxicillin", "amoxil");
        brands("azithromycin", "zithromax");
        brands("ciprofloxacin", "cipro");
        brands("cephalexin", "keflex");
        brands("valacyclovir", "valtrex");
        brands("oseltamivir", "tamiflu");
        brands("sildenafil", "viagra");
        brands("tadalafil", "cialis");
        brands("tamsulosin", "flomax");
        brands("gabapentin", "neurontin");
        brands("pregabalin", "lyrica");
        brands("tramadol", "ultram");
        brands("methylphenidate", "ritalin", "concerta");
        brands("sumatriptan", "imitrex");
        brands("epinephrine", "adrenaline", "epipen");

        opposite("before", "after");
        opposite("increase", "reduce");
        opposite("high", "low");
        opposite("left", "right");
        opposite("upper", "lower");
        opposite("benefit", "sideeffect");
        opposite("weightgain", "weightloss");
        opposite("hot", "cold");
        opposite("acute", "chronic");
        opposite("adult", "child");
        opposite("male", "female");
        opposite("start", "stop");
        opposite("morning", "night");
        opposite("hypertension", "hypotension");
        opposite("hyperglycemia", "hypoglycemia");
        opposite("constipation", "diarrhea");
    }

    /** The shipped vocabulary. */
    static final Lexicon BASE = new Lexicon(PHRASES, SYNONYMS);

    private final Map<String, String> phrases;
    private final Map<String, String> synonyms;

    private Lexicon(Map<String, String> phrases, Map<String, String> synonyms) {
        this.phrases = Map.copyOf(phrases);
        this.synonyms = Map.copyOf(synonyms);
    }

    /**
     * This vocabulary with {@code extra} added: every form (a word, or a phrase of up to
     * {@value #MAX_PHRASE_WORDS} words) folds onto its term, as the shipped synonyms do
     * ("acetaminophen" for "tylenol" and "paracetamol"). A term the vocabulary already folds
     * elsewhere keeps that fold, so the forms join it.
     *
     * @throws IllegalArgumentException naming the term or form that has no words or too many
     */
    Lexicon withSynonyms(Map<String, Set<String>> extra) {
        Map<String, String> p = new HashMap<>(phrases);
        Map<String, String> w = new HashMap<>(synonyms);
        extra.forEach((term, forms) -> {
            List<String> termWords = checkedWords(term, term);
            String target = canonicalTerm(QueryTerms.stem(String.join("", termWords)));
            fold(termWords, target, p, w);
            for (String form : forms) {
                fold(checkedWords(term, form), target, p, w);
            }
        });
        return new Lexicon(p, w);
    }

    // A phrase folds before stemming, as the shipped phrases do. A word is looked up by the stem of
    // what was typed, and a form may be a word or such a stem ("breastfeed" is the stem of
    // "breastfeeding", while "breastfeed" itself stems to "breastfe"): it is keyed both ways.
    private static void fold(List<String> words, String target, Map<String, String> phrases, Map<String, String> synonyms) {
        if (words.size() == 1) {
            synonyms.put(words.get(0), target);
            synonyms.putIfAbsent(QueryTerms.stem(words.get(0)), target);
        } else {
            phrases.put(String.join(" ", words), target);
        }
    }

    private static List<String> checkedWords(String term, String form) {
        List<String> words = form == null ? List.of() : QueryTerms.words(form.toLowerCase(Locale.ROOT));
        if (words.isEmpty() || words.size() > MAX_PHRASE_WORDS) {
            throw new IllegalArgumentException("synonym '" + form + "' of '" + term + "' must be 1 to "
                    + MAX_PHRASE_WORDS + " words of letters or digits");
        }
        return words;
    }

    /** Whether {@code word} is a shipped brand name that folds onto its ingredient. */
    static boolean isBrand(String word) {
        return BRANDS.contains(word);
    }

    /** The canonical term for a (stemmed) word. */
    String canonicalTerm(String word) {
        return synonyms.getOrDefault(word, word);
    }

    /** The opposites of a canonical term (none for most). */
    static Set<String> opposites(String term) {
        return OPPOSITES.getOrDefault(term, Set.of());
    }

    /** Replaces known multi-word expressions by their single term. */
    List<String> foldPhrases(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int matched = 0;
            for (int n = Math.min(MAX_PHRASE_WORDS, words.size() - i); n >= 1 && matched == 0; n--) {
                String term = phrases.get(String.join(" ", words.subList(i, i + n)));
                if (term != null) {
                    out.add(term);
                    matched = n;
                }
            }
            if (matched == 0) {
                out.add(words.get(i));
                i++;
            } else {
                i += matched;
            }
        }
        return out;
    }

    private static void phrase(String term, String... forms) {
        for (String f : forms) {
            PHRASES.put(String.join(" ", QueryTerms.words(f)), term);
        }
    }

    // Brand names of a single-ingredient medicine fold onto the ingredient: the same drug, the same
    // answer. Left out on purpose: brands of one ingredient sold for different uses or doses (Ozempic
    // and Wegovy, Revatio and Viagra, Flonase and Flovent) and names that are different products from
    // one country to the next (Benadryl).
    private static void brands(String ingredient, String... names) {
        synonyms(ingredient, names);
        BRANDS.addAll(List.of(names));
    }

    private static void synonyms(String term, String... forms) {
        for (String f : forms) {
            fold(List.of(f), term, PHRASES, SYNONYMS);
        }
    }

    // Registered under the canonical terms the check compares: "lower" folds to "reduce" (lower
    // my cholesterol), so "upper"/"lower" is stored as "upper"/"reduce" beside "increase"/"reduce".
    private static void opposite(String a, String b) {
        String ca = SYNONYMS.getOrDefault(a, a);
        String cb = SYNONYMS.getOrDefault(b, b);
        OPPOSITES.computeIfAbsent(ca, k -> new HashSet<>()).add(cb);
        OPPOSITES.computeIfAbsent(cb, k -> new HashSet<>()).add(ca);
    }
}
