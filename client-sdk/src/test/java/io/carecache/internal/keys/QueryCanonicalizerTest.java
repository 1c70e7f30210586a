package io.carecache.internal.keys;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class QueryCanonicalizerTest {

    @Test
    void canonicalize_whitespaceAndCaseVariants_giveTheSameForm() {
        assertThat(QueryCanonicalizer.canonicalize("  I'm feeling   ANXIOUS\tabout my\n diabetes?  "))
                .isEqualTo(QueryCanonicalizer.canonicalize("i'm feeling anxious about my diabetes"));
    }

    @Test
    void canonicalize_unicodeCompatibilityForms_giveTheSameForm() {
        // Full-width letters, a ligature and a non-breaking space fold to their plain forms under NFKC.
        assertThat(QueryCanonicalizer.canonicalize("ＷＨＡＴ\u00a0is a ﬂu shot"))
                .isEqualTo(QueryCanonicalizer.canonicalize("what is a flu shot"));
    }

    @Test
    void canonicalize_composedAndDecomposedAccents_giveTheSameForm() {
        assertThat(QueryCanonicalizer.canonicalize("cafe\u0301 au lait and reflux"))
                .isEqualTo(QueryCanonicalizer.canonicalize("caf\u00e9 au lait and reflux"));
    }

    @Test
    void canonicalize_trailingAndLeadingPunctuation_isTrimmed() {
        assertThat(QueryCanonicalizer.canonicalize("¿¿How long does the flu last?!...")).isEqualTo("how long does the flu last");
    }

    @Test
    void canonicalize_innerPunctuationAndDigits_areKept() {
        assertThat(QueryCanonicalizer.canonicalize("What is type 1 diabetes?")).isEqualTo("what is type 1 diabetes");
        assertThat(QueryCanonicalizer.canonicalize("What is type 2 diabetes?")).isEqualTo("what is type 2 diabetes");
    }

    @Test
    void canonicalize_pathologicalInput_finishesInLinearTime() {
        String huge = " ?".repeat(200_000) + "x" + "\u200b ".repeat(200_000);
        String result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> QueryCanonicalizer.canonicalize(huge));
        assertThat(result).isEqualTo("x");
    }
}
