package io.carecache.node.internal.config;

import io.carecache.node.NodeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Built-in defaults < base file < profile file < --config file < environment; --profile < CARECACHE_PROFILE. */
class ConfigPrecedenceTest {
    private static final String BASE = NodeConfigLoader.BASE_RESOURCE;
    private static final String DEVELOPMENT = NodeConfigLoader.profileResource("development");

    @TempDir
    Path dir;

    private final Map<String, String> resources = new HashMap<>(Map.of(
            BASE, "cache.l1.max-size: 11\ncache.l1.ttl-seconds: 111\n",
            DEVELOPMENT, "cache.l1.max-size: 22\n"));

    private NodeSettings load(Map<String, String> env, Optional<Path> file) {
        return TestLoaders.withResources(resources, env)
                .load(new ConfigOptions(Optional.empty(), file));
    }

    private Optional<Path> file(String yaml) throws IOException {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, yaml);
        return Optional.of(file);
    }

    @Test
    void load_environment_winsOverConfigFile() throws IOException {
        NodeSettings settings = load(Map.of("CACHE_L1_MAX_SIZE", "44"), file("cache.l1.max-size: 33\n"));

        assertThat(settings.cache().l1MaxSize()).isEqualTo(44);
    }

    @Test
    void load_configFile_winsOverProfile() throws IOException {
        NodeSettings settings = load(Map.of(), file("cache:\n  l1:\n    max-size: 33\n"));

        assertThat(settings.cache().l1MaxSize()).isEqualTo(33);
    }

    @Test
    void load_profile_winsOverBase() {
        NodeSettings settings = load(Map.of(), Optional.empty());

        assertThat(settings.cache().l1MaxSize()).isEqualTo(22);
    }

    @Test
    void load_base_winsOverBuiltInDefaults() {
        NodeSettings settings = load(Map.of(), Optional.empty());

        assertThat(settings.cache().l1Ttl()).isEqualTo(Duration.ofSeconds(111));
    }

    @Test
    void load_keyNoLayerSets_keepsBuiltInDefault() {
        NodeSettings settings = load(Map.of(), Optional.empty());

        assertThat(settings.writeBatchSize()).isEqualTo(NodeSettings.development().writeBatchSize());
    }

    @Test
    void load_profileFlag_winsOverProfileVariable() {
        NodeSettings settings = TestLoaders.shipped(Map.of("CARECACHE_PROFILE", "development"))
                .load(new ConfigOptions(Optional.of("high-traffic"), Optional.empty()));

        assertThat(settings.profile()).isEqualTo("high-traffic");
        assertThat(settings.cache().l1MaxSize()).isEqualTo(50_000);
    }
}
