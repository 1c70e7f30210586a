package io.carecache.internal.keys;

import io.carecache.CacheRequest;
import io.carecache.CareContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysTest {
    private static final CareContext DIABETES = CareContext.builder("gpt-4o-2024-08", "prompt-v3")
            .careContext("diabetes").cohort("age_group", "adult").build();

    @Test
    void key_sameQuestionOtherSpacingCaseAndForm_isEqual() {
        assertThat(CacheKeys.key(CacheRequest.shared("I'm feeling anxious about my diabetes", DIABETES)))
                .isEqualTo(CacheKeys.key(CacheRequest.shared("  i'm FEELING anxious   about my diabetes?", DIABETES)));
    }

    @Test
    void key_otherModelVersion_differs() {
        CareContext upgraded = CareContext.builder("gpt-4o-2024-11", "prompt-v3")
                .careContext("diabetes").cohort("age_group", "adult").build();
        assertThat(CacheKeys.key(CacheRequest.shared("how do I lower my A1C", DIABETES)))
                .isNotEqualTo(CacheKeys.key(CacheRequest.shared("how do I lower my A1C", upgraded)));
    }

    @Test
    void key_otherPromptVersion_differs() {
        CareContext other = CareContext.builder("gpt-4o-2024-08", "prompt-v4")
                .careContext("diabetes").cohort("age_group", "adult").build();
        assertThat(CacheKeys.fingerprint(DIABETES)).isNotEqualTo(CacheKeys.fingerprint(other));
    }

    @Test
    void key_otherCareContext_differs() {
        CareContext anxiety = CareContext.builder("gpt-4o-2024-08", "prompt-v3")
                .careContext("anxiety").cohort("age_group", "adult").build();
        assertThat(CacheKeys.key(CacheRequest.shared("how do I sleep better", DIABETES)))
                .isNotEqualTo(CacheKeys.key(CacheRequest.shared("how do I sleep better", anxiety)));
    }

    @Test
    void key_contextOrder_doesNotMatter() {
        CareContext a = CareContext.builder("m", "p").careContext("x").careContext("y").cohort("b", "2").cohort("a", "1").build();
        CareContext b = CareContext.builder("m", "p").careContext("y").careContext("x").cohort("a", "1").cohort("b", "2").build();
        assertThat(CacheKeys.fingerprint(a)).isEqualTo(CacheKeys.fingerprint(b));
    }

    @Test
    void fingerprint_fieldsThatConcatenateAlike_differ() {
        CareContext a = CareContext.builder("m", "p").careContext("ab").careContext("c").build();
        CareContext b = CareContext.builder("m", "p").careContext("a").careContext("bc").build();
        assertThat(CacheKeys.fingerprint(a)).isNotEqualTo(CacheKeys.fingerprint(b));
    }

    @Test
    void key_subjectScope_differsFromSharedAndFromOtherSubjects() {
        String shared = CacheKeys.key(CacheRequest.shared("my refill schedule", DIABETES));
        String alice = CacheKeys.key(CacheRequest.forSubject("my refill schedule", DIABETES, "user-1"));
        String bob = CacheKeys.key(CacheRequest.forSubject("my refill schedule", DIABETES, "user-2"));
        assertThat(shared).isNotEqualTo(alice);
        assertThat(alice).isNotEqualTo(bob);
    }

    @Test
    void key_isSha256Hex() {
        assertThat(CacheKeys.key(CacheRequest.shared("q", DIABETES))).matches("[0-9a-f]{64}");
    }
}
