package io.carecache.node.internal.config;

import io.carecache.InvalidConfigurationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Fuzzing the node's configuration loader: any value for any key, from the environment or a YAML
 * file (quoted, unquoted, a list, a mapping, YAML syntax gone wrong), is either accepted or refused
 * with an {@link InvalidConfigurationException} naming a setting (or the file that does not parse) —
 * never another exception.
 */
class NodeConfigPropertiesTest {
    private static Path dir;
    private static Set<String> names;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("config-fuzz");
        names = new HashSet<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            names.add(key.name());
            names.add(key.envName());
        }
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Property(tries = 500)
    void load_anyEnvironmentValue_acceptsOrNamesTheSetting(@ForAll("keys") ConfigKey key, @ForAll("values") String value) {
        Throwable thrown = catchThrowable(() -> TestLoaders.shipped(Map.of(key.envName(), value)).load(ConfigOptions.NONE));
        assertNamesASetting(thrown, key, Set.of());
    }

    @Property(tries = 500)
    void load_anyYamlValue_acceptsOrNamesTheSetting(@ForAll("keys") ConfigKey key, @ForAll("yamlValues") String yaml)
            throws IOException {
        Path file = Files.createTempFile(dir, "override", ".yaml");
        Files.write(file, (key.name() + ": " + yaml + "\n").getBytes(StandardCharsets.UTF_8));
        Throwable thrown = catchThrowable(() -> TestLoaders.shipped(Map.of())
                .load(new ConfigOptions(Optional.empty(), Optional.of(file))));
        Files.delete(file);
        assertNamesASetting(thrown, key, Set.of(file.toString()));
    }

    @Property(tries = 200)
    void load_arbitraryYamlDocument_acceptsOrNamesTheSettingOrFile(@ForAll("documents") String text) throws IOException {
        Path file = Files.createTempFile(dir, "doc", ".yaml");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        Throwable thrown = catchThrowable(() -> TestLoaders.shipped(Map.of())
                .load(new ConfigOptions(Optional.empty(), Optional.of(file))));
        Files.delete(file);
        if (thrown != null) {
            // unknown keys are named as written, so any name is allowed here; the type is what matters
            assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
        }
    }

    /** Found by the YAML property: Path.of threw InvalidPathException past the loader. */
    @Example
    void load_nulCharacterInDataDirectory_namesTheSetting() {
        Throwable thrown = catchThrowable(() -> TestLoaders.shipped(Map.of(ConfigKeys.EMBEDDED_DATA_DIR.envName(), "data\u0000dir"))
                .load(ConfigOptions.NONE));
        assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
        assertThat(((InvalidConfigurationException) thrown).setting()).isEqualTo(ConfigKeys.EMBEDDED_DATA_DIR.envName());
    }

    private static void assertNamesASetting(Throwable thrown, ConfigKey key, Set<String> alsoAllowed) {
        if (thrown == null) {
            return;
        }
        assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
        String setting = ((InvalidConfigurationException) thrown).setting();
        // a mapping under a key is flattened: {a: 1} under cache.map-name is the unknown key cache.map-name.a
        assertThat(names.contains(setting) || alsoAllowed.contains(setting) || setting.startsWith(key.name() + "."))
                .as("setting '%s' of: %s", setting, thrown.getMessage()).isTrue();
    }

    @Provide
    Arbitrary<ConfigKey> keys() {
        return Arbitraries.of(ConfigKeys.ALL).filter(k -> k != ConfigKeys.PROFILE);
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.longs().map(Object::toString),
                Arbitraries.of("0", "-1", "1_000", "1e3", "0x10", "NaN", "Infinity", "1e400", "99999999999999999999",
                        "2147483648", "-2147483649", ".5", "+7", " 5 ", "5.0", "1.0E-400"));
        Arbitrary<String> words = Arbitraries.of("true", "false", "TRUE", "yes", "LRU", "lfu", "write-behind",
                "WRITE_THROUGH", "production", "NAME", "NAME,SSN", ",", ",,", "mongodb://", "mongodb://x",
                "mongodb+srv://h/db", "127.0.0.1:5701", "a:99999", "", " ", "\u0000", "data/\u0000x", "a\nb",
                "\ud800", "\u00e9", "null", "~", "[1, 2]", "{a: 1}");
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(120);
        return Arbitraries.frequencyOf(Tuple.of(3, numbers), Tuple.of(3, words), Tuple.of(3, any));
    }

    @Provide
    Arbitrary<String> yamlValues() {
        Arbitrary<String> quoted = values().map(NodeConfigPropertiesTest::doubleQuoted);
        Arbitrary<String> raw = values();
        Arbitrary<String> lists = values().map(NodeConfigPropertiesTest::doubleQuoted).list().ofMaxSize(4)
                .map(l -> "[" + String.join(", ", l) + "]");
        Arbitrary<String> structured = Arbitraries.of("{}", "{a: 1}", "[]", "[[1]]", "[{a: 1}]", "!!binary AAAA",
                "2026-01-01", "2026-01-01T00:00:00Z", "0o17", "0x1F", ".inf", "-.nan", "&a 1", "*a", "|\n  text",
                "!!python/object:x {}", "!!java.io.File x", "\"\\0\"", "'single'", "\"\\ud800\"", "12:30:00");
        return Arbitraries.frequencyOf(Tuple.of(3, quoted), Tuple.of(3, raw), Tuple.of(1, lists), Tuple.of(2, structured));
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> keyNames = Arbitraries.oneOf(Arbitraries.of(ConfigKeys.ALL).map(ConfigKey::name),
                Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> lines = net.jqwik.api.Combinators.combine(keyNames, yamlValues(), Arbitraries.integers().between(0, 4))
                .as((k, v, indent) -> " ".repeat(indent) + k + ": " + v);
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(60);
        return Arbitraries.frequencyOf(Tuple.of(4, lines), Tuple.of(1, junk)).list().ofMaxSize(6)
                .map(l -> String.join("\n", l) + "\n");
    }

    private static String doubleQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f || c == 0xfffe || c == 0xffff) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

}
