package io.carecache.node.internal.config;

import io.carecache.node.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry is the single source: KEYS.md, the base YAML and the environment names follow from it. */
class ConfigKeysDocumentTest {

    @Test
    void keysMd_matchesTheRegistry() {
        // Regenerate with: java -jar node/target/carecache-node.jar config-keys > config/KEYS.md
        assertThat(TestLoaders.classpath("config/KEYS.md")).contains(KeysMarkdown.render());
    }

    @Test
    void configKeysCommand_printsTheKeysDocument() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.run(new String[] {"config-keys"});
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(KeysMarkdown.render());
    }

    @Test
    void baseYaml_setsEveryKeyButTheProfileToItsDefault() {
        String base = TestLoaders.classpath(NodeConfigLoader.BASE_RESOURCE).orElseThrow();
        Map<ConfigKey, Object> values = NodeConfigLoader.yaml("base", base).stream().collect(Collectors.toMap(
                NodeConfigLoader.Setting::key, s -> s.key().parse(s.raw(), s.origin(), s.where())));

        List<ConfigKey> documented = ConfigKeys.ALL.stream().filter(k -> k != ConfigKeys.PROFILE).toList();
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(documented);
        Map<ConfigKey, Object> defaults = documented.stream()
                .collect(Collectors.toMap(Function.identity(), ConfigKey::parsedDefault));
        assertThat(values).isEqualTo(defaults);
    }

    @Test
    void envName_isDerivedMechanically() {
        assertThat(ConfigKey.envNameOf("cache.l2.ttl-seconds")).isEqualTo("CACHE_L2_TTL_SECONDS");
    }

    @Test
    void seedVariableNames_areAllKnown() {
        for (String seed : List.of("CACHE_L1_MAX_SIZE", "CACHE_L2_TTL_SECONDS", "CACHE_L3_TTL_HOURS",
                "CACHE_COMPRESSION_ENABLED", "CACHE_COMPRESSION_LEVEL", "MONGODB_URI")) {
            assertThat(ConfigKeys.byEnvName(seed)).as(seed).isPresent();
        }
    }

    @Test
    void everyKey_hasUniqueNamesAndADescription() {
        assertThat(ConfigKeys.ALL).extracting(ConfigKey::name).doesNotHaveDuplicates();
        assertThat(ConfigKeys.ALL).extracting(ConfigKey::envName).doesNotHaveDuplicates();
        assertThat(ConfigKeys.ALL).allSatisfy(k -> assertThat(k.description()).isNotBlank().doesNotContain("|"));
    }
}
