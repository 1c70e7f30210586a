package io.carecache.node.internal.config;

import io.carecache.InvalidConfigurationException;
import io.carecache.PhiCategory;
import io.carecache.PhiPolicy;
import io.carecache.node.Main;
import io.carecache.node.NodeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The phi.* keys build the node's PhiPolicy; the production profile applies the production rules. */
class ConfigPhiTest {
    private static final Map<String, String> PRODUCTION_ENV = Map.of("MONGODB_URI", "mongodb://db.example:27017");

    @TempDir
    Path dir;

    private ConfigOptions options(String profile, String yaml) throws IOException {
        Path file = dir.resolve("override.yaml");
        Files.writeString(file, yaml);
        return new ConfigOptions(Optional.of(profile), Optional.of(file));
    }

    private static InvalidConfigurationException failure(Map<String, String> env, ConfigOptions options) {
        return catchThrowableOfType(InvalidConfigurationException.class,
                () -> TestLoaders.shipped(env).load(options));
    }

    @Test
    void load_defaults_giveTheSeedPolicy() {
        NodeSettings settings = TestLoaders.shipped(Map.of()).load(ConfigOptions.NONE);

        assertThat(settings.phi()).isEqualTo(PhiPolicy.SEED);
    }

    @Test
    void load_productionProfile_givesTheProductionPolicy() {
        NodeSettings settings = TestLoaders.shipped(PRODUCTION_ENV)
                .load(new ConfigOptions(Optional.of("production"), Optional.empty()));

        assertThat(settings.phi()).isEqualTo(PhiPolicy.production());
    }

    @Test
    void load_productionDisablingName_isRefusedNamingTheSetting() throws IOException {
        InvalidConfigurationException e = failure(PRODUCTION_ENV,
                options("production", "phi:\n  excluded-categories: [SSN, MEDICAL_ID, INSURANCE_ID, PHONE, ADDRESS]\n"
                        + "  disabled-categories: [NAME]\n"));

        assertThat(e.setting()).isEqualTo(PhiPolicy.DISABLED_CATEGORIES);
        assertThat(e.getMessage()).contains("NAME").contains("production");
    }

    @Test
    void load_productionDisablingCriticalCategory_isRefusedNamingTheSetting() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> TestLoaders.shipped(Map.of("MONGODB_URI", "mongodb://db.example:27017",
                                "PHI_EXCLUDED_CATEGORIES", "NAME,MEDICAL_ID,INSURANCE_ID,PHONE,ADDRESS",
                                "PHI_DISABLED_CATEGORIES", "SSN"))
                        .load(new ConfigOptions(Optional.of("production"), Optional.empty())));

        assertThat(e.setting()).isEqualTo("PHI_DISABLED_CATEGORIES");
        assertThat(e.getMessage()).contains(PhiPolicy.DISABLED_CATEGORIES).contains("cannot disable [SSN]");
    }

    @Test
    void load_productionWithDevelopmentPhiProfile_isRefused() throws IOException {
        InvalidConfigurationException e = failure(PRODUCTION_ENV, options("production", "phi:\n  profile: development\n"));

        assertThat(e.setting()).isEqualTo(PhiPolicy.PROFILE);
        assertThat(e.getMessage()).contains("must be production");
    }

    @Test
    void load_developmentDisablingUrl_isAccepted() {
        NodeSettings settings = TestLoaders.shipped(Map.of("PHI_DISABLED_CATEGORIES", "URL")).load(ConfigOptions.NONE);

        assertThat(settings.phi().disabledCategories()).containsExactly(PhiCategory.URL);
        assertThat(settings.phi().screens(PhiCategory.URL)).isFalse();
    }

    @Test
    void load_unknownCategory_isRefusedNamingKeyAndAllowedValues() throws IOException {
        InvalidConfigurationException e = failure(Map.of(),
                options("development", "phi:\n  excluded-categories: [SSN, PASSPORT]\n"));

        assertThat(e.setting()).isEqualTo(PhiPolicy.EXCLUDED_CATEGORIES);
        assertThat(e.getMessage()).contains("'PASSPORT'").contains("NAME, ADDRESS, DATE").contains("OTHER_ID");
    }

    @Test
    void load_confidenceThresholdFromEnvironment_overridesTheDefault() {
        NodeSettings settings = TestLoaders.shipped(Map.of("PHI_CONFIDENCE_THRESHOLD", "0.95")).load(ConfigOptions.NONE);

        assertThat(settings.phi().confidenceThreshold()).isEqualTo(0.95);
    }

    @Test
    void load_confidenceThresholdAboveOne_isRefusedWithTheRange() {
        InvalidConfigurationException e = failure(Map.of("PHI_CONFIDENCE_THRESHOLD", "1.5"), ConfigOptions.NONE);

        assertThat(e.setting()).isEqualTo("PHI_CONFIDENCE_THRESHOLD");
        assertThat(e.getMessage()).contains(PhiPolicy.CONFIDENCE_THRESHOLD).contains("0 to 1").contains("1.5");
    }

    @Test
    void load_misspelledPhiVariable_isRefused() {
        InvalidConfigurationException e = failure(Map.of("PHI_DISABLED_CATEGORY", "URL"), ConfigOptions.NONE);

        assertThat(e.getMessage()).contains("did you mean PHI_DISABLED_CATEGORIES?");
    }

    @Test
    void serve_productionDisablingName_exitsTwoNamingTheSetting() throws IOException {
        Path file = dir.resolve("prod.yaml");
        Files.writeString(file, "mongodb:\n  uri: mongodb://db.example:27017\nphi:\n  disabled-categories: NAME\n");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.run(new String[] {"serve", "--profile", "production", "--config", file.toString()});
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(PhiPolicy.DISABLED_CATEGORIES);
    }
}
