package io.carecache;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs built to make a backtracking matcher or a quadratic scan blow up. Each must be screened
 * within a generous bound; the behaviour under test is that screening stays linear, not speed.
 */
class PhiScreenerPathologicalInputTest {
    private static final int SIZE = 100_000;
    private static final Duration BOUND = Duration.ofSeconds(2);

    @BeforeAll
    static void loadWordLists() {
        PhiScreener.warmUp();
    }

    static Stream<Arguments> inputs() {
        Random random = new Random(42);
        StringBuilder mixed = new StringBuilder();
        String alphabet = "0123456789 -./()@:+#Aa\u00e9\u4e2d\n";
        while (mixed.length() < SIZE) {
            mixed.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return Stream.of(
                Arguments.of("digits", "7".repeat(SIZE)),
                Arguments.of("digit groups", "12 ".repeat(SIZE / 3)),
                Arguments.of("dashes between digits", "1-".repeat(SIZE / 2)),
                Arguments.of("dots between digits", "1.".repeat(SIZE / 2)),
                Arguments.of("separators only", " -./()".repeat(SIZE / 6)),
                Arguments.of("at signs", "a@".repeat(SIZE / 2)),
                Arguments.of("email-like run", "a.".repeat(SIZE / 2) + "@b"),
                Arguments.of("domain-like run", "a.b-".repeat(SIZE / 4) + "/x"),
                Arguments.of("url prefixes", "http://".repeat(SIZE / 7)),
                Arguments.of("hex and colons", "a1:".repeat(SIZE / 3)),
                Arguments.of("capitalised words", "Anna ".repeat(SIZE / 5)),
                Arguments.of("titles", "Dr. ".repeat(SIZE / 4)),
                Arguments.of("cue words", "MRN ".repeat(SIZE / 4)),
                Arguments.of("unit lines", "Apt 1 ".repeat(SIZE / 6)),
                Arguments.of("street numbers", "12 Main Street ".repeat(SIZE / 15)),
                Arguments.of("letter-digit run", "A1".repeat(SIZE / 2)),
                Arguments.of("hyphenated letter-digit", "A1-".repeat(SIZE / 3)),
                Arguments.of("apostrophes", "a'".repeat(SIZE / 2)),
                Arguments.of("long unicode word", "\u00e9".repeat(SIZE)),
                Arguments.of("CJK run", "\u4e2d\u6587".repeat(SIZE / 2)),
                Arguments.of("emoji run", "\ud83d\ude00".repeat(SIZE / 2)),
                Arguments.of("combining marks", "a\u0301".repeat(SIZE / 2)),
                Arguments.of("newlines", "\n".repeat(SIZE)),
                Arguments.of("random mix", mixed.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void screen_pathologicalInput_finishesWithinBound(String name, String text) {
        PhiScreener screener = PhiScreener.create(PhiPolicy.SEED);

        PhiScreenResult result = assertTimeoutPreemptively(BOUND, () -> screener.screen(text));

        assertThat(result.findings()).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
    }
}
