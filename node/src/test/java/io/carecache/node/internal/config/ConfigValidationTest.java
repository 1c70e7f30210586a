package io.carecache.node.internal.config;

import io.carecache.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of bad input is refused with a message naming the setting (and the range where there is one). */
class ConfigValidationTest {
    @TempDir
    Path dir;

    private InvalidConfigurationException failure(Map<String, String> env, ConfigOptions options) {
        return catchThrowableOfType(InvalidConfigurationException.class,
                () -> TestLoaders.shipped(env).load(options));
    }

    private ConfigOptions file(String yaml) throws IOException {
        Path file = dir.resolve("override.yaml");
        Files.writeString(file, yaml);
        return new ConfigOptions(Optional.empty(), Optional.of(file));
    }

    @Test
    void load_unknownKeyInYaml_namesKeyAndSuggestsClosest() throws IOException {
        InvalidConfigurationException e = failure(Map.of(), file("cache:\n  l1:\n    max-sise: 10\n"));

        assertThat(e.setting()).isEqualTo("cache.l1.max-sise");
        assertThat(e.getMessage()).contains("unknown key").contains("did you mean cache.l1.max-size?");
    }

    @Test
    void load_unknownEnvironmentVariable_namesItAndSuggestsClosest() {
        InvalidConfigurationException e = failure(Map.of("CACHE_L2_TTL_SECOND", "60"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("CACHE_L2_TTL_SECOND");
        assertThat(e.getMessage()).contains("unknown environment variable")
                .contains("did you mean CACHE_L2_TTL_SECONDS?");
    }

    @Test
    void load_unknownCarecacheVariable_isRefused() {
        InvalidConfigurationException e = failure(Map.of("CARECACHE_HEALTH_PROT", "9000"), ConfigOptions.NONE);

        assertThat(e.getMessage()).contains("CARECACHE_HEALTH_PROT").contains("CARECACHE_HEALTH_PORT");
    }

    @Test
    void load_variablesOutsideOurNamespaces_areIgnored() {
        assertThatCode(() -> TestLoaders.shipped(Map.of("PATH", "/bin", "HOSTNAME", "x", "MONGODB_HOME", "y"))
                .load(ConfigOptions.NONE)).doesNotThrowAnyException();
    }

    @Test
    void load_kubernetesServiceLinkVariables_areTolerated() {
        Map<String, String> links = Map.of("CARECACHE_SERVICE_HOST", "10.0.0.7", "CARECACHE_PORT", "tcp://10.0.0.7:5701",
                "CARECACHE_PORT_5701_TCP_ADDR", "10.0.0.7", "CARECACHE_SERVICE_PORT_HAZELCAST", "5701");

        assertThatCode(() -> TestLoaders.shipped(links).load(ConfigOptions.NONE)).doesNotThrowAnyException();
    }

    @Test
    void load_wrongTypeInEnvironment_namesSettingValueAndRange() {
        InvalidConfigurationException e = failure(Map.of("CACHE_L1_MAX_SIZE", "lots"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("CACHE_L1_MAX_SIZE");
        assertThat(e.getMessage()).contains("cache.l1.max-size").contains("'lots'")
                .contains("an integer from 1 to 10000000 entries");
    }

    @Test
    void load_wrongTypeInYaml_namesSettingAndFile() throws IOException {
        InvalidConfigurationException e = failure(Map.of(), file("cache.compression.enabled: 7\n"));

        assertThat(e.setting()).isEqualTo("cache.compression.enabled");
        assertThat(e.getMessage()).contains("must be true or false").contains("'7'").contains("override.yaml");
    }

    @Test
    void load_listWhereNumberExpected_isRefused() throws IOException {
        InvalidConfigurationException e = failure(Map.of(), file("carecache.member.port: [1, 2]\n"));

        assertThat(e.getMessage()).contains("carecache.member.port").contains("1 to 65535").contains("was a list");
    }

    @Test
    void load_outOfRangeValue_namesSettingRangeAndUnit() {
        InvalidConfigurationException e = failure(Map.of("CACHE_L2_TTL_SECONDS", "0"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("CACHE_L2_TTL_SECONDS");
        assertThat(e.getMessage()).contains("cache.l2.ttl-seconds").contains("1 to 604800 seconds").contains("was 0");
    }

    @Test
    void load_outOfRangeHoursInYaml_namesUnitHours() throws IOException {
        InvalidConfigurationException e = failure(Map.of(), file("cache:\n  l3:\n    ttl-hours: 10000\n"));

        assertThat(e.setting()).isEqualTo("cache.l3.ttl-hours");
        assertThat(e.getMessage()).contains("1 to 8760 hours").contains("was 10000");
    }

    @Test
    void load_l1TtlLongerThanL2Ttl_namesL1Ttl() {
        InvalidConfigurationException e = failure(
                Map.of("CACHE_L2_TTL_SECONDS", "60", "CACHE_L1_TTL_SECONDS", "120"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("cache.l1.ttl-seconds");
        assertThat(e.getMessage()).contains("between 1 and 60");
    }

    @Test
    void load_productionWithoutMongoUri_refusesNamingMongoUri() {
        InvalidConfigurationException e = failure(Map.of("CARECACHE_PROFILE", "production"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("mongodb.uri");
        assertThat(e.getMessage()).contains("MONGODB_URI").contains("production").contains("embedded");
    }

    @Test
    void load_productionWithBlankMongoUri_isRefused() {
        InvalidConfigurationException e = failure(Map.of("MONGODB_URI", " "), new ConfigOptions(
                Optional.of("production"), Optional.empty()));

        assertThat(e.setting()).isEqualTo("mongodb.uri");
    }

    @Test
    void load_encryptionOffInEnvironment_refusedNamingSetting() {
        InvalidConfigurationException e = failure(Map.of("CACHE_ENCRYPTION_ENABLED", "false"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("CACHE_ENCRYPTION_ENABLED");
        assertThat(e.getMessage()).contains("cache.encryption.enabled").contains("always on");
    }

    @Test
    void load_encryptionOffInProductionYaml_refusedNamingSetting() throws IOException {
        InvalidConfigurationException e = failure(Map.of("MONGODB_URI", "mongodb://db:27017"),
                new ConfigOptions(Optional.of("production"), file("cache:\n  encryption:\n    enabled: false\n")
                        .configFile()));

        assertThat(e.setting()).isEqualTo("cache.encryption.enabled");
        assertThat(e.getMessage()).contains("always on");
    }

    @Test
    void load_unknownProfile_namesTheAllowedProfiles() {
        InvalidConfigurationException e = failure(Map.of("CARECACHE_PROFILE", "staging"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("CARECACHE_PROFILE");
        assertThat(e.getMessage()).contains("development, production, high-traffic").contains("'staging'");
    }

    @Test
    void load_profileSetInYaml_isRefused() throws IOException {
        InvalidConfigurationException e = failure(Map.of(), file("carecache:\n  profile: production\n"));

        assertThat(e.setting()).isEqualTo("carecache.profile");
        assertThat(e.getMessage()).contains("CARECACHE_PROFILE").contains("--profile");
    }

    @Test
    void load_malformedMongoUri_neverEchoesTheSecret() {
        InvalidConfigurationException e = failure(Map.of("MONGODB_URI", "postgres://admin:hunter2@db"),
                ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("MONGODB_URI");
        assertThat(e.getMessage()).contains("mongodb://").doesNotContain("hunter2");
    }

    @Test
    void load_invalidYamlSyntax_namesTheFile() throws IOException {
        InvalidConfigurationException e = failure(Map.of(), file("cache: [unclosed\n"));

        assertThat(e.setting()).endsWith("override.yaml");
        assertThat(e.getMessage()).contains("not valid YAML");
    }

    @Test
    void load_sameKeyNestedAndDotted_isRefused() throws IOException {
        InvalidConfigurationException e = failure(Map.of(),
                file("cache.l1.max-size: 5\ncache:\n  l1:\n    max-size: 6\n"));

        assertThat(e.setting()).isEqualTo("cache.l1.max-size");
        assertThat(e.getMessage()).contains("set twice");
    }

    @Test
    void load_missingConfigFile_namesTheOption() {
        InvalidConfigurationException e = failure(Map.of(),
                new ConfigOptions(Optional.empty(), Optional.of(dir.resolve("absent.yaml"))));

        assertThat(e.setting()).isEqualTo("--config");
        assertThat(e.getMessage()).contains("absent.yaml");
    }

    @Test
    void load_emptyMemberListWithoutKubernetes_namesMembersKey() {
        InvalidConfigurationException e = failure(Map.of("CARECACHE_CLUSTER_MEMBERS", ""), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("CARECACHE_CLUSTER_MEMBERS");
        assertThat(e.getMessage()).contains("carecache.kubernetes.service-name");
    }

    @Test
    void parse_unknownOption_namesIt() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigOptions.parse(new String[] {"--profil", "production"}));

        assertThat(e.setting()).isEqualTo("--profil");
        assertThat(e.getMessage()).contains("--profile NAME");
    }

    @Test
    void parse_profileWithoutValue_namesAllowedProfiles() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ConfigOptions.parse(new String[] {"--profile"}));

        assertThat(e.setting()).isEqualTo("--profile");
        assertThat(e.getMessage()).contains("development, production, high-traffic");
    }
}
