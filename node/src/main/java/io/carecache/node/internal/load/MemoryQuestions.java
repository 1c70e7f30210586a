package io.carecache.node.internal.load;

/** Distinct, PHI-free questions for the memory run: one per index, from three word lists. */
final class MemoryQuestions {
    private static final String[] A = {"sleep", "exercise", "stress", "caffeine", "alcohol", "fasting", "hydration",
            "travel", "weather", "posture", "screen time", "walking", "swimming", "yoga", "sugar", "salt", "fibre",
            "protein", "smoking", "noise", "sunlight", "meditation"};
    private static final String[] B = {"blood pressure", "blood sugar", "mood", "memory", "joint pain", "heart rate",
            "digestion", "energy", "headaches", "breathing", "balance", "appetite", "weight", "cholesterol", "skin",
            "vision", "hearing", "immunity", "focus", "circulation", "kidney function", "bone density"};
    private static final String[] C = {"older adults", "teenagers", "pregnant women", "new parents", "athletes",
            "office workers", "shift workers", "diabetic patients", "heart patients", "asthma patients",
            "students", "retirees", "caregivers", "runners", "vegetarians", "night owls", "travellers",
            "smokers", "beginners", "cancer survivors", "stroke survivors", "people with arthritis"};

    private MemoryQuestions() {
    }

    /** Capacity: how many distinct questions there are. */
    static int count() {
        return A.length * B.length * C.length;
    }

    /** The {@code i}-th question (wraps around after {@link #count()}, with a round suffix to stay distinct). */
    static String question(int i) {
        int n = i % count();
        String q = "How does " + A[n % A.length] + " affect " + B[(n / A.length) % B.length] + " in "
                + C[n / (A.length * B.length)] + "?";
        int round = i / count();
        return round == 0 ? q : q + " (follow-up " + "abcdefghij".charAt(round % 10) + ")";
    }
}
