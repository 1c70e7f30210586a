package io.carecache;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzing the PHI screener: any text up to 4 KiB — random code points, or PHI-shaped fragments
 * (digits, separators, cue words, names, e-mail and URL pieces) run together — is screened without
 * an exception, within a generous bound, and every reported span lies within the text, in order and without overlaps.
 */
class PhiScreenerPropertiesTest {
    // Linear scanners take well under 10 ms for 4 KiB; 2 s only catches a hang or a quadratic blow-up.
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final PhiScreener SCREENER = PhiScreener.create(PhiPolicy.SEED);

    @BeforeContainer
    static void loadWordLists() {
        PhiScreener.warmUp();
    }

    @Property(tries = 500)
    void screen_anyText_findsSpansWithinTheText(@ForAll @StringLength(max = 4096) String text) {
        checkScreen(text);
    }

    @Property(tries = 1000)
    void screen_phiShapedText_findsSpansWithinTheText(@ForAll("phiShaped") String text) {
        checkScreen(text);
    }

    private static void checkScreen(String text) {
        PhiScreenResult result = assertTimeoutPreemptively(BOUND, () -> SCREENER.screen(text));
        for (PhiFinding f : result.findings()) {
            assertThat(f.start()).isBetween(0, text.length() - 1);
            assertThat(f.end()).isBetween(f.start() + 1, text.length());
        }
        for (int i = 1; i < result.findings().size(); i++) {
            // documented: in text order, no overlaps
            assertThat(result.findings().get(i).start()).isGreaterThanOrEqualTo(result.findings().get(i - 1).end());
        }
        assertThat(result.findings().stream().map(PhiFinding::category)).containsAll(result.excludedCategories());
    }

    /** Fragments the detectors key on, run together in random order with random separators. */
    @Provide
    Arbitrary<String> phiShaped() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(19);
        Arbitrary<String> separators = Arbitraries.of(" ", "-", ".", "/", "(", ")", ":", "@", "+", "#", ",", "\n",
                "\t", "'", "\u00a0", "\u2014", "");
        Arbitrary<String> cues = Arbitraries.of("MRN", "DOB", "SSN", "member ID", "my name is", "Dr.", "Mrs", "age",
                "years old", "born on", "call me at", "email", "lives at", "Street", "Apt", "Suite", "ZIP", "NPI",
                "VIN", "IBAN", "account", "licence", "plate", "http://", "https://", "www.", ".com", "192.168.",
                "::", "mom", "patient", "January", "Jan", "1st", "2026", "89", "90", "101", "Mc", "O'", "von",
                "St.", "Ave", "PO Box", "fax", "ext.", "x", "@example.org");
        Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1));
        Arbitrary<String> unicode = Arbitraries.strings().ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> fragment = Arbitraries.frequencyOf(Tuple.of(4, digits), Tuple.of(5, separators),
                Tuple.of(4, cues), Tuple.of(3, words), Tuple.of(1, unicode));
        return fragment.list().ofMaxSize(400).map(parts -> {
            String joined = String.join("", parts);
            return joined.length() > 4096 ? joined.substring(0, 4096) : joined;
        });
    }
}
