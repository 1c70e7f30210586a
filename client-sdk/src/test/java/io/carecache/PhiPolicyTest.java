package io.carecache;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhiPolicyTest {

    @Test
    void seed_excludesCriticalCategoriesAndConfidenceAbovePointEight() {
        PhiPolicy seed = PhiPolicy.SEED;

        assertThat(seed.excludedCategories()).containsExactlyInAnyOrder(PhiCategory.SSN, PhiCategory.MEDICAL_ID,
                PhiCategory.INSURANCE_ID, PhiCategory.PHONE, PhiCategory.ADDRESS);
        assertThat(seed.confidenceThreshold()).isEqualTo(0.8);
    }

    @Test
    void excludes_criticalCategoryAtLowConfidence_isTrue() {
        assertThat(PhiPolicy.SEED.excludes(new PhiFinding(PhiCategory.PHONE, 0, 5, 0.3))).isTrue();
    }

    @Test
    void excludes_otherCategoryAtOrBelowThreshold_isFalse() {
        assertThat(PhiPolicy.SEED.excludes(new PhiFinding(PhiCategory.DATE, 0, 5, 0.8))).isFalse();
    }

    @Test
    void excludes_otherCategoryAboveThreshold_isTrue() {
        assertThat(PhiPolicy.SEED.excludes(new PhiFinding(PhiCategory.DATE, 0, 5, 0.81))).isTrue();
    }

    @Test
    void production_alwaysExcludesNames() {
        assertThat(PhiPolicy.production().excludes(new PhiFinding(PhiCategory.NAME, 0, 5, 0.55))).isTrue();
    }

    @Test
    void production_disablingNames_isRefusedNamingTheSetting() {
        PhiPolicy.Builder builder = PhiPolicy.production().toBuilder().disabledCategories(Set.of(PhiCategory.NAME));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(PhiPolicy.DISABLED_CATEGORIES)
                .hasMessageContaining("NAME")
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).setting())
                        .isEqualTo(PhiPolicy.DISABLED_CATEGORIES));
    }

    @Test
    void production_droppingACriticalExclusion_isRefusedNamingTheSetting() {
        Set<PhiCategory> withoutSsn = EnumSet.copyOf(PhiPolicy.production().excludedCategories());
        withoutSsn.remove(PhiCategory.SSN);
        PhiPolicy.Builder builder = PhiPolicy.production().toBuilder().excludedCategories(withoutSsn);

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(PhiPolicy.EXCLUDED_CATEGORIES)
                .hasMessageContaining("SSN");
    }

    @Test
    void development_disablingNames_isAllowed() {
        PhiPolicy policy = PhiPolicy.builder().disabledCategories(Set.of(PhiCategory.NAME)).build();

        assertThat(policy.screens(PhiCategory.NAME)).isFalse();
    }

    @Test
    void build_thresholdOutOfRange_isRefusedNamingTheSetting() {
        PhiPolicy.Builder builder = PhiPolicy.builder().confidenceThreshold(1.5);

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(PhiPolicy.CONFIDENCE_THRESHOLD)
                .hasMessageContaining("1.5");
    }

    @Test
    void build_categoryBothExcludedAndDisabled_isRefused() {
        PhiPolicy.Builder builder = PhiPolicy.builder().disabledCategories(Set.of(PhiCategory.SSN));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(PhiPolicy.DISABLED_CATEGORIES);
    }
}
