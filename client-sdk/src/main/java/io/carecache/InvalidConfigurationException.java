package io.carecache;

/**
 * A setting that is unknown, malformed or out of range. The message names the setting, the
 * value given (never a secret) and what is allowed.
 */
public final class InvalidConfigurationException extends CareCacheException {
    private final String setting;

    public InvalidConfigurationException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    /** The name of the offending setting, as written in configuration. */
    public String setting() {
        return setting;
    }
}
