package io.carecache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation of {@link RateLimitSettings}, {@link ComputeSettings} and a request's user. */
class ProtectionSettingsTest {

    @Test
    void defaults_areTheSeedsSixtyPerMinuteWithBurstOfTen() {
        assertThat(RateLimitSettings.DEFAULTS.enabled()).isTrue();
        assertThat(RateLimitSettings.DEFAULTS.defaultLimit()).isEqualTo(new RateLimitSettings.Limit(60, 10));
    }

    @Test
    void build_zeroBurst_namesSettingAndRange() {
        assertThatThrownBy(() -> RateLimitSettings.builder().burst(0).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(RateLimitSettings.BURST).hasMessageContaining("between 1 and");
    }

    @Test
    void build_planRateOutOfRange_namesThePlansOwnSetting() {
        assertThatThrownBy(() -> RateLimitSettings.builder().plan("premium", 0, 20).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("ratelimit.plans.premium.requests-per-minute");
    }

    @Test
    void build_planNameWithSpaces_isRefused() {
        assertThatThrownBy(() -> RateLimitSettings.builder().plan("gold plan", 60, 10).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("a-z 0-9");
    }

    @Test
    void limitFor_unknownPlan_isEmpty() {
        RateLimitSettings s = RateLimitSettings.builder().plan("premium", 600, 50).build();
        assertThat(s.limitFor(Optional.of("premium"))).contains(new RateLimitSettings.Limit(600, 50));
        assertThat(s.limitFor(Optional.of("gold"))).isEmpty();
    }

    @Test
    void build_leaseTtlOfZero_namesSetting() {
        assertThatThrownBy(() -> ComputeSettings.builder().leaseTtl(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith(ComputeSettings.LEASE_TTL);
    }

    @Test
    void build_failureRateOver100_namesSettingAndRange() {
        assertThatThrownBy(() -> ComputeSettings.builder().breaker(150, 20, Duration.ofSeconds(30), 3).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(ComputeSettings.BREAKER_FAILURE_RATE).hasMessageContaining("between 1 and 100");
    }

    @Test
    void withUser_keepsTheCacheKeyInputsAndAddsTheUser() {
        CacheRequest plain = CacheRequest.shared("How do I treat a burn?", CareCacheContract.CONTEXT);
        CacheRequest asked = plain.withUser("u-42", "premium");
        assertThat(asked.query()).isEqualTo(plain.query());
        assertThat(asked.scope()).isEqualTo(plain.scope());
        assertThat(asked.userId()).contains("u-42");
        assertThat(asked.plan()).contains("premium");
        assertThat(plain.userId()).isEmpty();
    }

    @Test
    void withUser_blankUser_namesTheField() {
        CacheRequest plain = CacheRequest.shared("How do I treat a burn?", CareCacheContract.CONTEXT);
        assertThatThrownBy(() -> plain.withUser("  ")).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("userId");
        assertThatThrownBy(() -> plain.withUser(null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("userId");
    }
}
