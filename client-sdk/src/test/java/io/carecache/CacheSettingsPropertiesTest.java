package io.carecache;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Fuzzing the SDK's typed settings: any value for any field (nulls, negative, huge, odd names) is
 * either accepted or refused with an {@link InvalidConfigurationException} naming a setting —
 * never another exception.
 */
class CacheSettingsPropertiesTest {
    private static final Set<String> SETTINGS = Set.of(CacheSettings.MAP_NAME, CacheSettings.L2_TTL, CacheSettings.L3_TTL,
            CacheSettings.COMPRESSION_ENABLED, CacheSettings.COMPRESSION_LEVEL, CacheSettings.MAX_QUERY_BYTES,
            CacheSettings.MAX_RESPONSE_BYTES, CacheSettings.L1_MAX_SIZE, CacheSettings.L1_TTL,
            CacheSettings.L1_EVICTION_POLICY, CacheSettings.L2_MAX_SIZE_PER_NODE);

    @Property(tries = 1000)
    void build_anyValues_acceptsOrNamesTheSetting(@ForAll("names") String mapName, @ForAll("durations") Duration l2Ttl,
                                                  @ForAll("durations") Duration l3Ttl, @ForAll boolean compressed,
                                                  @ForAll("ints") int level, @ForAll("ints") int maxQuery,
                                                  @ForAll("ints") int maxResponse, @ForAll("ints") int l1Size,
                                                  @ForAll("durations") Duration l1Ttl, @ForAll("policies") String policy,
                                                  @ForAll("ints") int l2Size) {
        Throwable thrown = catchThrowable(() -> new CacheSettings(mapName, l2Ttl, l3Ttl, compressed, level, maxQuery,
                maxResponse, l1Size, l1Ttl, policy, l2Size));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
            assertThat(((InvalidConfigurationException) thrown).setting()).isIn(SETTINGS);
        }
    }

    @Property(tries = 500)
    void builder_oneFieldChanged_acceptsOrNamesThatSetting(@ForAll("durations") Duration ttl, @ForAll("ints") int n,
                                                           @ForAll("names") String name) {
        check(() -> CacheSettings.builder().l2Ttl(ttl).build(), CacheSettings.L2_TTL, CacheSettings.L1_TTL, CacheSettings.L3_TTL);
        check(() -> CacheSettings.builder().l3Ttl(ttl).build(), CacheSettings.L3_TTL);
        check(() -> CacheSettings.builder().maxQueryBytes(n).build(), CacheSettings.MAX_QUERY_BYTES);
        check(() -> CacheSettings.builder().maxResponseBytes(n).build(), CacheSettings.MAX_RESPONSE_BYTES);
        check(() -> CacheSettings.builder().compression(true, n).build(), CacheSettings.COMPRESSION_LEVEL);
        check(() -> CacheSettings.builder().l2MaxSizePerNode(n).build(), CacheSettings.L2_MAX_SIZE_PER_NODE);
        check(() -> CacheSettings.builder().mapName(name).build(), CacheSettings.MAP_NAME);
    }

    private static void check(Runnable build, String... allowed) {
        Throwable thrown = catchThrowable(build::run);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
            assertThat(((InvalidConfigurationException) thrown).setting()).isIn((Object[]) allowed);
        }
    }

    @Provide
    Arbitrary<Duration> durations() {
        Arbitrary<Duration> small = Arbitraries.longs().between(-10, 400 * 24 * 3600L).map(Duration::ofSeconds);
        Arbitrary<Duration> extreme = Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofSeconds(Long.MIN_VALUE), Duration.ofMillis(-1), Duration.ofHours(6), Duration.ofMinutes(30));
        return Arbitraries.frequencyOf(Tuple.of(6, small), Tuple.of(3, extreme)).injectNull(0.05);
    }

    @Provide
    Arbitrary<Integer> ints() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.integers()),
                Tuple.of(5, Arbitraries.integers().between(-2, 20_000_000)));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.strings().ofMaxLength(80)),
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars('_', '-').ofMaxLength(70))).injectNull(0.05);
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("LRU", "LFU", "lru", "RANDOM", "")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(10))).injectNull(0.05);
    }
}
