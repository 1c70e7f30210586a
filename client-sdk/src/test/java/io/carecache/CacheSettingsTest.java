package io.carecache;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheSettingsTest {

    @Test
    void build_l3TtlShorterThanL2_namesBothSettings() {
        assertThatThrownBy(() -> CacheSettings.builder().l2Ttl(Duration.ofHours(4)).l3Ttl(Duration.ofHours(2)).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(CacheSettings.L3_TTL).hasMessageContaining(CacheSettings.L2_TTL);
    }

    @Test
    void build_compressionLevelOutOfRange_namesSettingAndRange() {
        assertThatThrownBy(() -> CacheSettings.builder().compression(true, 12).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(CacheSettings.COMPRESSION_LEVEL).hasMessageContaining("between 1 and 9")
                .hasMessageContaining("12");
    }

    @Test
    void build_l1TtlLongerThanL2_isRefused() {
        assertThatThrownBy(() -> CacheSettings.builder().l2Ttl(Duration.ofMinutes(10))
                .l1(100, Duration.ofMinutes(20), "LRU").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(CacheSettings.L1_TTL);
    }

    @Test
    void build_unknownEvictionPolicy_namesAllowedValues() {
        assertThatThrownBy(() -> CacheSettings.builder().l1(100, Duration.ofMinutes(1), "FIFO").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("LRU or LFU");
    }

    @Test
    void build_maxResponseBytesOutOfRange_isRefused() {
        assertThatThrownBy(() -> CacheSettings.builder().maxResponseBytes(0).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(CacheSettings.MAX_RESPONSE_BYTES);
    }
}
