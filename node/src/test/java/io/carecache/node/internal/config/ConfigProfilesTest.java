package io.carecache.node.internal.config;

import io.carecache.node.NodeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped profiles carry the seed's matrix. */
class ConfigProfilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // profile,      L1 entries, L2 TTL, L3 TTL, level, Mongo pool
            "development,    1000,       PT30M,  PT6H,   6,     20",
            "production,     10000,      PT2H,   PT72H,  6,     100",
            "high-traffic,   50000,      PT4H,   PT168H, 1,     200"})
    void load_profile_appliesTheSeedMatrix(String profile, int l1, Duration l2, Duration l3, int level, int pool) {
        NodeSettings settings = TestLoaders.shipped(Map.of("MONGODB_URI", "mongodb://db.example:27017"))
                .load(new ConfigOptions(Optional.of(profile), Optional.empty()));

        assertThat(settings.profile()).isEqualTo(profile);
        assertThat(settings.cache().l1MaxSize()).isEqualTo(l1);
        assertThat(settings.cache().l2Ttl()).isEqualTo(l2);
        assertThat(settings.cache().l3Ttl()).isEqualTo(l3);
        assertThat(settings.cache().compressionEnabled()).isTrue();
        assertThat(settings.cache().compressionLevel()).isEqualTo(level);
        assertThat(settings.mongoPoolMaxSize()).isEqualTo(pool);
        assertThat(settings.mongoUri()).contains("mongodb://db.example:27017");
    }

    @Test
    void load_noConfigurationAtAll_isTheDevelopmentNode() {
        NodeSettings settings = TestLoaders.shipped(Map.of()).load(ConfigOptions.NONE);

        assertThat(settings).isEqualTo(NodeSettings.development());
    }

    @Test
    void load_profileFromEnvironment_isApplied() {
        NodeSettings settings = TestLoaders.shipped(Map.of("CARECACHE_PROFILE", "high-traffic"))
                .load(ConfigOptions.NONE);

        assertThat(settings.profile()).isEqualTo("high-traffic");
        assertThat(settings.mongoUri()).isEmpty();
    }

    @Test
    void load_kubernetesServiceName_replacesTheMemberList() {
        NodeSettings settings = TestLoaders.shipped(Map.of("CARECACHE_KUBERNETES_SERVICE_NAME", "carecache-hs"))
                .load(ConfigOptions.NONE);

        assertThat(settings.kubernetesServiceName()).isEqualTo("carecache-hs");
        assertThat(settings.members()).isEmpty();
    }

    @Test
    void load_writeThroughAndListFromEnvironment_areTyped() {
        NodeSettings settings = TestLoaders.shipped(Map.of("CARECACHE_WRITE_MODE", "write-through",
                "CARECACHE_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2")).load(ConfigOptions.NONE);

        assertThat(settings.writeMode()).isEqualTo(NodeSettings.WriteMode.WRITE_THROUGH);
        assertThat(settings.members()).containsExactly("10.0.0.1:5701", "10.0.0.2");
    }
}
