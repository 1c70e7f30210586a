package io.carecache.node.internal.config;

import io.carecache.CacheSettings;
import io.carecache.InvalidConfigurationException;
import io.carecache.KeyRing;
import io.carecache.PhiCategory;
import io.carecache.PhiPolicy;
import io.carecache.node.NodeSettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds {@link NodeSettings} from, in increasing precedence: the built-in defaults of
 * {@link ConfigKeys}, {@code config/carecache.yaml}, {@code config/profiles/<profile>.yaml},
 * an optional {@code --config} file and the environment. Every value is validated on the way
 * in; unknown keys, malformed or out-of-range values and unsafe combinations are refused with an
 * {@link InvalidConfigurationException} naming the setting.
 */
public final class NodeConfigLoader {
    static final String BASE_RESOURCE = "config/carecache.yaml";
    static final String ENVIRONMENT = "environment";

    // Environment variables in these namespaces are ours: one that matches no key is a typo.
    private static final List<String> OWN_ENV_PREFIXES = List.of("CARECACHE_", "CACHE_", "PHI_");
    // Read by the SDK's KeyRing in applications, not by the node; tolerated so one env file can serve both.
    private static final Set<String> SDK_ENV = Set.of(KeyRing.ENV_FILE, KeyRing.ENV_KEYS, KeyRing.ENV_ACTIVE);
    // Kubernetes injects <SERVICE>_SERVICE_HOST, <SERVICE>_PORT=tcp://... etc. for every Service in the
    // namespace; a Service named "carecache" must not stop the pods from starting.
    private static final Pattern KUBERNETES_SERVICE_LINK_NAME =
            Pattern.compile("[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");
    private static final Pattern KUBERNETES_SERVICE_LINK_VALUE = Pattern.compile("(tcp|udp|sctp)://\\S+");

    private final Function<String, Optional<String>> resources;
    private final Map<String, String> environment;

    /**
     * @param resources reads a resource by name ({@code config/carecache.yaml}, ...); empty when absent
     * @param environment the environment variables
     */
    public NodeConfigLoader(Function<String, Optional<String>> resources, Map<String, String> environment) {
        this.resources = resources;
        this.environment = Map.copyOf(environment);
    }

    /** The loader of a running node: the YAML shipped in the jar and the process environment. */
    public static NodeConfigLoader fromClasspathAndEnvironment() {
        return fromClasspath(System.getenv());
    }

    /** The YAML shipped in the jar and the given environment. */
    public static NodeConfigLoader fromClasspath(Map<String, String> environment) {
        return new NodeConfigLoader(NodeConfigLoader::classpathResource, environment);
    }

    /** Loads and validates the settings. */
    public NodeSettings load(ConfigOptions options) {
        String profile = selectProfile(options);
        Map<ConfigKey, Object> values = new LinkedHashMap<>();
        Map<ConfigKey, Setting> origins = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            values.put(key, key.parsedDefault());
        }
        values.put(ConfigKeys.PROFILE, profile);
        apply(values, origins, yaml(BASE_RESOURCE, required(BASE_RESOURCE)));
        String profileResource = profileResource(profile);
        apply(values, origins, yaml(profileResource, required(profileResource)));
        if (options.configFile().isPresent()) {
            Path file = options.configFile().get();
            apply(values, origins, yaml(file.toString(), readFile(file)));
        }
        apply(values, origins, environmentSettings());
        return toSettings(values, origins);
    }

    static String profileResource(String profile) {
        return "config/profiles/" + profile + ".yaml";
    }

    /** One value as the user wrote it. */
    record Setting(ConfigKey key, String origin, Object raw, String where) {
    }

    private String selectProfile(ConfigOptions options) {
        ConfigKey key = ConfigKeys.PROFILE;
        String fromEnv = environment.get(key.envName());
        // Validated even when --profile wins: a bad value anywhere is refused, not silently shadowed.
        String selected = fromEnv == null ? key.defaultValue() : (String) key.parse(fromEnv, key.envName(), ENVIRONMENT);
        if (options.profile().isPresent()) {
            selected = (String) key.parse(options.profile().get(), "--profile", "command line");
        }
        return selected;
    }

    private static void apply(Map<ConfigKey, Object> values, Map<ConfigKey, Setting> origins, List<Setting> layer) {
        for (Setting setting : layer) {
            ConfigKey key = setting.key();
            Object value = key.parse(setting.raw(), setting.origin(), setting.where());
            if (key == ConfigKeys.ENCRYPTION_ENABLED && Boolean.FALSE.equals(value)) {
                throw key.invalid(setting.origin(), setting.where(),
                        "encryption is always on and cannot be turned off; remove the setting or set it to true");
            }
            values.put(key, value);
            origins.put(key, setting);
        }
    }

    private List<Setting> environmentSettings() {
        List<Setting> settings = new ArrayList<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            Optional<ConfigKey> key = ConfigKeys.byEnvName(name);
            if (key.isPresent()) {
                if (key.get() != ConfigKeys.PROFILE) {
                    settings.add(new Setting(key.get(), name, variable.getValue(), ENVIRONMENT));
                }
            } else if (isOurs(name) && !tolerated(name, variable.getValue())) {
                throw new InvalidConfigurationException(name, "unknown environment variable; did you mean "
                        + ConfigKeys.closest(name, true) + "? (run the config-keys command for the full list)");
            }
        }
        return settings;
    }

    private static boolean isOurs(String name) {
        return OWN_ENV_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static boolean tolerated(String name, String value) {
        return SDK_ENV.contains(name)
                || KUBERNETES_SERVICE_LINK_NAME.matcher(name).matches()
                || KUBERNETES_SERVICE_LINK_VALUE.matcher(value).matches();
    }

    private String required(String resource) {
        // The shipped YAML is part of the jar; its absence is a packaging bug, not a user error.
        return resources.apply(resource).orElseThrow(() ->
                new IllegalStateException("configuration resource " + resource + " is missing from the build"));
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException("--config", "no such file: " + file);
        } catch (IOException e) {
            throw new InvalidConfigurationException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    static List<Setting> yaml(String where, String text) {
        LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setAllowDuplicateKeys(false);
        loaderOptions.setMaxAliasesForCollections(20);
        loaderOptions.setCodePointLimit(1024 * 1024);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(loaderOptions)).load(text);
        } catch (MarkedYAMLException e) {
            String line = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1);
            throw new InvalidConfigurationException(where, "is not valid YAML: " + e.getProblem() + line);
        } catch (YAMLException e) {
            throw new InvalidConfigurationException(where, "is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (document == null) {
            return List.of();
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new InvalidConfigurationException(where, "must be a mapping of configuration keys to values");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", root, where, flat);
        List<Setting> settings = new ArrayList<>();
        for (Map.Entry<String, Object> entry : flat.entrySet()) {
            String name = entry.getKey();
            ConfigKey key = ConfigKeys.byName(name).orElseThrow(() -> new InvalidConfigurationException(name,
                    "unknown key in " + where + "; did you mean " + ConfigKeys.closest(name, false) + "?"));
            if (key == ConfigKeys.PROFILE) {
                throw new InvalidConfigurationException(name, "cannot be set in " + where
                        + "; select the profile with " + key.envName() + " or --profile");
            }
            settings.add(new Setting(key, name, entry.getValue(), where));
        }
        return settings;
    }

    // Nested mappings and dotted keys are the same thing: {cache: {l1: {max-size: 5}}} == {cache.l1.max-size: 5}.
    private static void flatten(String prefix, Map<?, ?> map, String where, Map<String, Object> out) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String part) || part.isBlank()) {
                throw new InvalidConfigurationException(prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix,
                        "keys in " + where + " must be non-blank text");
            }
            String name = prefix.isEmpty() ? part : prefix + "." + part;
            if (entry.getValue() instanceof Map<?, ?> nested) {
                flatten(name, nested, where, out);
            } else if (out.put(name, entry.getValue()) != null) {
                throw new InvalidConfigurationException(name, "is set twice in " + where);
            }
        }
    }

    private static NodeSettings toSettings(Map<ConfigKey, Object> values, Map<ConfigKey, Setting> origins) {
        String profile = text(values, ConfigKeys.PROFILE);
        String mongoUri = text(values, ConfigKeys.MONGODB_URI);
        if ("production".equals(profile) && mongoUri.isEmpty()) {
            ConfigKey key = ConfigKeys.MONGODB_URI;
            throw new InvalidConfigurationException(key.name(), "(" + key.envName() + ") is required by the "
                    + "production profile; the embedded L3 store is for development only");
        }
        CacheSettings cache = CacheSettings.builder()
                .mapName(text(values, ConfigKeys.MAP_NAME))
                .l2Ttl(Duration.ofSeconds(number(values, ConfigKeys.L2_TTL)))
                .l3Ttl(Duration.ofHours(number(values, ConfigKeys.L3_TTL)))
                .compression((Boolean) values.get(ConfigKeys.COMPRESSION_ENABLED),
                        number(values, ConfigKeys.COMPRESSION_LEVEL))
                .maxQueryBytes(number(values, ConfigKeys.MAX_QUERY_BYTES))
                .maxResponseBytes(number(values, ConfigKeys.MAX_RESPONSE_BYTES))
                .l1(number(values, ConfigKeys.L1_MAX_SIZE), Duration.ofSeconds(number(values, ConfigKeys.L1_TTL)),
                        text(values, ConfigKeys.L1_EVICTION_POLICY))
                .l2MaxSizePerNode(number(values, ConfigKeys.L2_MAX_SIZE_PER_NODE))
                .build();
        String kubernetesService = text(values, ConfigKeys.KUBERNETES_SERVICE_NAME);
        @SuppressWarnings("unchecked")
        List<String> members = kubernetesService.isEmpty()
                ? (List<String>) values.get(ConfigKeys.CLUSTER_MEMBERS) : List.of();
        if (kubernetesService.isEmpty() && members.isEmpty()) {
            Setting setting = origins.getOrDefault(ConfigKeys.CLUSTER_MEMBERS,
                    new Setting(ConfigKeys.CLUSTER_MEMBERS, ConfigKeys.CLUSTER_MEMBERS.name(), "", "built-in defaults"));
            throw ConfigKeys.CLUSTER_MEMBERS.invalid(setting.origin(), setting.where(),
                    "must name at least one member when " + ConfigKeys.KUBERNETES_SERVICE_NAME.name() + " is empty");
        }
        return withSemantic(values, new NodeSettings(profile, cache, text(values, ConfigKeys.CLUSTER_NAME),
                number(values, ConfigKeys.MEMBER_PORT), members, kubernetesService,
                mongoUri.isEmpty() ? Optional.empty() : Optional.of(mongoUri),
                text(values, ConfigKeys.MONGODB_DATABASE), number(values, ConfigKeys.MONGODB_POOL_MAX_SIZE),
                path(values, origins, ConfigKeys.EMBEDDED_DATA_DIR), writeMode(text(values, ConfigKeys.WRITE_MODE)),
                Duration.ofSeconds(number(values, ConfigKeys.WRITE_DELAY)), number(values, ConfigKeys.WRITE_BATCH_SIZE),
                (Boolean) values.get(ConfigKeys.WRITE_COALESCING), number(values, ConfigKeys.WRITE_QUEUE_CAPACITY),
                Duration.ofSeconds(number(values, ConfigKeys.WRITE_BACKUP_RETENTION)),
                Duration.ofSeconds(number(values, ConfigKeys.HIT_FLUSH_INTERVAL)),
                number(values, ConfigKeys.HEALTH_PORT),
                Duration.ofDays(number(values, ConfigKeys.AUDIT_RETENTION_DAYS)), phiPolicy(profile, values, origins)));
    }

    private static NodeSettings withSemantic(Map<ConfigKey, Object> values, NodeSettings settings) {
        return settings.toBuilder().semantic(new io.carecache.node.SemanticSettings(
                Duration.ofSeconds(number(values, ConfigKeys.SEMANTIC_CLUSTERING_INTERVAL)),
                (Double) values.get(ConfigKeys.SEMANTIC_CLUSTERING_GROWTH),
                number(values, ConfigKeys.SEMANTIC_CLUSTERING_MIN_ENTRIES), number(values, ConfigKeys.SEMANTIC_MAX_CLUSTERS),
                number(values, ConfigKeys.SEMANTIC_MAX_ITERATIONS), number(values, ConfigKeys.SEMANTIC_SEED),
                number(values, ConfigKeys.SEMANTIC_PROBES),
                Duration.ofSeconds(number(values, ConfigKeys.SEMANTIC_CHECK_INTERVAL)),
                Duration.ofSeconds(number(values, ConfigKeys.SEMANTIC_HOT_WINDOW)),
                Duration.ofSeconds(number(values, ConfigKeys.SEMANTIC_HOT_SLIDE)),
                number(values, ConfigKeys.SEMANTIC_WARM_CLUSTERS),
                number(values, ConfigKeys.SEMANTIC_WARM_ENTRIES_PER_CLUSTER))).build();
    }

    // The production profile always applies the production rules: a relaxed phi.profile there is refused,
    // not silently upgraded, and PhiPolicy refuses to disable or stop excluding NAME or a critical category.
    private static PhiPolicy phiPolicy(String profile, Map<ConfigKey, Object> values, Map<ConfigKey, Setting> origins) {
        String phiProfile = text(values, ConfigKeys.PHI_PROFILE);
        if ("production".equals(profile) && !"production".equals(phiProfile)) {
            throw invalidAsWritten(ConfigKeys.PHI_PROFILE, origins,
                    "must be production in the production profile, was '" + phiProfile + "'");
        }
        try {
            return PhiPolicy.builder()
                    .profile(PhiPolicy.Profile.valueOf(phiProfile.toUpperCase(java.util.Locale.ROOT)))
                    .excludedCategories(categories(values, ConfigKeys.PHI_EXCLUDED_CATEGORIES))
                    .confidenceThreshold((Double) values.get(ConfigKeys.PHI_CONFIDENCE_THRESHOLD))
                    .disabledCategories(categories(values, ConfigKeys.PHI_DISABLED_CATEGORIES))
                    .build();
        } catch (InvalidConfigurationException e) {
            // PhiPolicy names the dotted key; say how the user wrote it and where, like every other error.
            Optional<ConfigKey> key = ConfigKeys.byName(e.setting());
            if (key.isEmpty()) {
                throw e;
            }
            String prefix = e.setting() + ": ";
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw invalidAsWritten(key.get(), origins, problem);
        }
    }

    private static InvalidConfigurationException invalidAsWritten(ConfigKey key, Map<ConfigKey, Setting> origins,
                                                                  String problem) {
        Setting setting = origins.getOrDefault(key, new Setting(key, key.name(), "", "built-in defaults"));
        return key.invalid(setting.origin(), setting.where(), problem);
    }

    @SuppressWarnings("unchecked")
    private static List<PhiCategory> categories(Map<ConfigKey, Object> values, ConfigKey key) {
        // Elements were checked against the PhiCategory names when parsed.
        return ((List<String>) values.get(key)).stream().map(PhiCategory::valueOf).toList();
    }

    private static NodeSettings.WriteMode writeMode(String name) {
        for (NodeSettings.WriteMode mode : NodeSettings.WriteMode.values()) {
            if (ConfigKeys.writeModeName(mode).equals(name)) {
                return mode;
            }
        }
        throw new IllegalStateException("write mode " + name + " passed validation but has no enum constant");
    }

    // Which paths are valid depends on the file system (a NUL byte never is): ask it, and name the setting.
    private static Path path(Map<ConfigKey, Object> values, Map<ConfigKey, Setting> origins, ConfigKey key) {
        try {
            return Path.of(text(values, key));
        } catch (java.nio.file.InvalidPathException e) {
            throw invalidAsWritten(key, origins, "must be a valid path on this system: " + e.getReason());
        }
    }

    private static String text(Map<ConfigKey, Object> values, ConfigKey key) {
        return (String) values.get(key);
    }

    private static int number(Map<ConfigKey, Object> values, ConfigKey key) {
        return (Integer) values.get(key);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static Optional<String> classpathResource(String name) {
        try (InputStream in = NodeConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
        }
    }
}
