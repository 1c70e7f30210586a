package io.carecache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheRequestVectorTest {
    private static final CareContext CONTEXT = CareContext.builder("model-1", "prompt-1").careContext("primary-care").build();

    @Test
    void withQueryVector_callerChangesArrayAfterwards_requestKeepsItsCopy() {
        float[] v = {1f, 2f, 3f};
        CacheRequest request = CacheRequest.shared("How long does the flu last?", CONTEXT).withQueryVector(v);

        v[0] = 99f;

        assertThat(request.queryVector().orElseThrow()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void withQueryVector_allZeros_refusedNamingQueryVector() {
        assertThatThrownBy(() -> CacheRequest.shared("q", CONTEXT).withQueryVector(new float[384]))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("queryVector"));
    }

    @Test
    void withQueryVector_notFinite_refusedNamingQueryVector() {
        assertThatThrownBy(() -> CacheRequest.shared("q", CONTEXT).withQueryVector(new float[]{1f, Float.NaN}))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("queryVector"));
    }

    @Test
    void withUser_keepsQueryVector() {
        CacheRequest request = CacheRequest.shared("q", CONTEXT).withQueryVector(new float[]{1f, 0f}).withUser("u-1");

        assertThat(request.queryVector()).isPresent();
    }
}
