package io.carecache.node.internal.config;

import io.carecache.InvalidConfigurationException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The configuration options of the command line: {@code --profile NAME} and {@code --config FILE}
 * (also written {@code --profile=NAME}, {@code --config=FILE}).
 *
 * @param profile the profile given with {@code --profile}; it wins over {@code CARECACHE_PROFILE}
 * @param configFile a YAML file applied after the profile and before the environment
 */
public record ConfigOptions(Optional<String> profile, Optional<Path> configFile) {
    /** No options: the profile comes from the environment or defaults to development. */
    public static final ConfigOptions NONE = new ConfigOptions(Optional.empty(), Optional.empty());

    public ConfigOptions {
        java.util.Objects.requireNonNull(profile, "profile");
        java.util.Objects.requireNonNull(configFile, "configFile");
    }

    /**
     * Reads the options; anything else is refused.
     *
     * @throws InvalidConfigurationException naming the unknown option or the option missing its value
     */
    public static ConfigOptions parse(String[] args) {
        Optional<String> profile = Optional.empty();
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!option.equals("--profile") && !option.equals("--config")) {
                throw new InvalidConfigurationException(arg, "unknown option; use --profile NAME or --config FILE");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                value = "";
            }
            if (value.isBlank()) {
                throw new InvalidConfigurationException(option, "needs a value"
                        + (option.equals("--profile") ? ": one of " + ConfigKeys.PROFILE.allowedText() : ": a YAML file"));
            }
            if (option.equals("--profile")) {
                profile = Optional.of(value);
            } else {
                configFile = Optional.of(Path.of(value));
            }
        }
        return new ConfigOptions(profile, configFile);
    }
}
