package io.carecache.node.internal.config;

import io.carecache.CacheSettings;
import io.carecache.PhiCategory;
import io.carecache.PhiPolicy;
import io.carecache.node.NodeSettings;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: every configuration key of a CareCache node, declared exactly once. YAML files,
 * environment variables, validation messages and {@code config/KEYS.md} all come from here.
 * Defaults are taken from {@link CacheSettings#DEFAULTS}, {@link NodeSettings#development()} and
 * {@link PhiPolicy#SEED} so the numbers are not typed twice.
 */
final class ConfigKeys {
    private static final CacheSettings CACHE = CacheSettings.DEFAULTS;
    private static final NodeSettings NODE = NodeSettings.development();

    private static final PhiPolicy PHI = PhiPolicy.SEED;

    private static final String HOST = "[A-Za-z0-9._-]+(:[0-9]{1,5})?";
    private static final String PHI_CATEGORY = String.join("|", categoryNames(EnumSet.allOf(PhiCategory.class)));
    private static final String PHI_CATEGORIES = "PhiCategory names, comma-separated in the environment: "
            + String.join(", ", categoryNames(EnumSet.allOf(PhiCategory.class)));

    static final ConfigKey PROFILE = ConfigKey.choice("carecache.profile", "development",
            List.of("development", "production", "high-traffic"),
            "Which file of config/profiles/ is applied over the base; set with CARECACHE_PROFILE or --profile, never in a file.");

    static final ConfigKey MAP_NAME = ConfigKey.text(CacheSettings.MAP_NAME, CACHE.mapName(), "[A-Za-z0-9_-]{1,64}",
            "1-64 characters of A-Z a-z 0-9 _ -", "IMap holding the entries (L2) and carrying the near cache (L1).");
    static final ConfigKey L1_MAX_SIZE = ConfigKey.integer(CacheSettings.L1_MAX_SIZE, CACHE.l1MaxSize(),
            1, 10_000_000, "entries", "Entries the near cache (L1) holds per process before evicting.");
    static final ConfigKey L1_TTL = ConfigKey.integer(CacheSettings.L1_TTL, CACHE.l1Ttl().toSeconds(),
            1, 7 * 24 * 3600, "seconds", "How long L1 keeps an entry; at most cache.l2.ttl-seconds.");
    static final ConfigKey L1_EVICTION_POLICY = ConfigKey.choice(CacheSettings.L1_EVICTION_POLICY,
            CACHE.l1EvictionPolicy(), List.of("LRU", "LFU"), "Which entry L1 evicts when full.");
    static final ConfigKey L2_TTL = ConfigKey.integer(CacheSettings.L2_TTL, CACHE.l2Ttl().toSeconds(),
            1, 7 * 24 * 3600, "seconds", "How long an entry lives in the grid (L2); it reloads from L3 after.");
    static final ConfigKey L2_MAX_SIZE_PER_NODE = ConfigKey.integer(CacheSettings.L2_MAX_SIZE_PER_NODE,
            CACHE.l2MaxSizePerNode(), 100, 100_000_000, "entries",
            "Entries one member holds (L2) before evicting; L3 keeps evicted entries.");
    static final ConfigKey L3_TTL = ConfigKey.integer(CacheSettings.L3_TTL, CACHE.l3Ttl().toHours(),
            1, 365 * 24, "hours", "How long an entry lives in MongoDB (L3); at least the L2 TTL.");
    static final ConfigKey COMPRESSION_ENABLED = ConfigKey.bool(CacheSettings.COMPRESSION_ENABLED,
            CACHE.compressionEnabled(), "Whether answers are compressed before encryption.");
    static final ConfigKey COMPRESSION_LEVEL = ConfigKey.integer(CacheSettings.COMPRESSION_LEVEL,
            CACHE.compressionLevel(), 1, 9, "", "Deflate level: 1 fastest, 9 smallest.");
    static final ConfigKey MAX_QUERY_BYTES = ConfigKey.integer(CacheSettings.MAX_QUERY_BYTES, CACHE.maxQueryBytes(),
            16, 64 * 1024, "bytes", "Largest accepted query, in UTF-8 bytes.");
    static final ConfigKey MAX_RESPONSE_BYTES = ConfigKey.integer(CacheSettings.MAX_RESPONSE_BYTES,
            CACHE.maxResponseBytes(), 1024, 16 * 1024 * 1024, "bytes", "Largest accepted serialized response.");
    static final ConfigKey ENCRYPTION_ENABLED = new ConfigKey("cache.encryption.enabled", ConfigKey.Type.BOOLEAN,
            "true", "", 0, 0, List.of(), java.util.regex.Pattern.compile(".*"), "true (false is refused)", false,
            "Encryption is always on; the key exists so that turning it off is refused, not ignored.");

    static final ConfigKey CLUSTER_NAME = ConfigKey.text("carecache.cluster.name", NODE.clusterName(),
            "[A-Za-z0-9._-]{1,64}", "1-64 characters of A-Z a-z 0-9 . _ -", "Hazelcast cluster name; members join only their own cluster.");
    static final ConfigKey MEMBER_PORT = ConfigKey.integer("carecache.member.port", NODE.port(), 1, 65_535, "",
            "TCP port of the member (auto-increments when taken).");
    static final ConfigKey CLUSTER_MEMBERS = ConfigKey.list("carecache.cluster.members", NODE.members(), HOST,
            "host or host:port, comma-separated in the environment",
            "TCP/IP members to join; ignored when carecache.kubernetes.service-name is set.");
    static final ConfigKey KUBERNETES_SERVICE_NAME = ConfigKey.text("carecache.kubernetes.service-name",
            NODE.kubernetesServiceName(), "|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", "empty or a DNS label",
            "Headless Service for Kubernetes discovery; empty uses carecache.cluster.members.");
    static final ConfigKey HEALTH_PORT = ConfigKey.integer("carecache.health.port", NODE.healthPort(), 0, 65_535, "",
            "HTTP port of /health/live, /health/ready and /metrics; 0 picks a free port.");

    static final ConfigKey MONGODB_URI = ConfigKey.text("mongodb.uri", "", "|mongodb(\\+srv)?://.+",
            "empty or a mongodb:// or mongodb+srv:// connection string",
            "MongoDB for L3; empty starts the embedded development store (refused in production).").asSecret();
    static final ConfigKey MONGODB_DATABASE = ConfigKey.text("mongodb.database", NODE.mongoDatabase(),
            "[A-Za-z0-9_-]{1,63}", "1-63 characters of A-Z a-z 0-9 _ -", "Database holding therapeutic_response_cache.");
    static final ConfigKey MONGODB_POOL_MAX_SIZE = ConfigKey.integer("mongodb.pool.max-size", NODE.mongoPoolMaxSize(),
            1, 10_000, "connections", "MongoDB connection pool size per member.");
    static final ConfigKey EMBEDDED_DATA_DIR = ConfigKey.text("carecache.embedded.data-dir",
            NODE.embeddedDataDirectory().toString(), ".*\\S.*", "a non-blank path",
            "Where the embedded development store keeps its files.");
    static final ConfigKey WRITE_MODE = ConfigKey.choice("carecache.write.mode", writeModeName(NODE.writeMode()),
            List.of("write-behind", "write-through"), "How writes reach L3: queued in batches, or before store returns.");
    static final ConfigKey WRITE_DELAY = ConfigKey.integer("carecache.write.delay-seconds", NODE.writeDelay().toSeconds(),
            1, 3600, "seconds", "Write-behind delay before queued writes go to L3.");
    static final ConfigKey WRITE_BATCH_SIZE = ConfigKey.integer("carecache.write.batch-size", NODE.writeBatchSize(),
            1, 100_000, "entries", "Write-behind batch size.");
    static final ConfigKey WRITE_COALESCING = ConfigKey.bool("carecache.write.coalescing", NODE.writeCoalescing(),
            "Whether write-behind keeps only the last write per key.");
    static final ConfigKey WRITE_QUEUE_CAPACITY = ConfigKey.integer("carecache.write.queue-capacity",
            NODE.writeQueueCapacity(), 1, 10_000_000, "entries",
            "Write-behind entries one member may queue (hazelcast.map.write.behind.queue.capacity); a write beyond it "
                    + "is rejected with WriteQueueFullException. Hazelcast enforces it only with carecache.write.coalescing=false.");
    static final ConfigKey WRITE_BACKUP_RETENTION = ConfigKey.integer("carecache.write.backup-retention-seconds",
            NODE.writeBackupRetention().toSeconds(), 10, 86_400, "seconds",
            "How long a backup keeps a queued write past its store time (hazelcast.map.replica.scheduled.task.delay.seconds): "
                    + "a member crashing during a MongoDB outage loses none of the writes queued in that window.");
    static final ConfigKey HIT_FLUSH_INTERVAL = ConfigKey.integer("carecache.hits.flush-interval-seconds",
            NODE.hitFlushInterval().toSeconds(), 1, 3600, "seconds", "How often batched hit counts are written to L3.");
    static final ConfigKey AUDIT_RETENTION_DAYS = ConfigKey.integer("carecache.audit.retention-days",
            NODE.auditRetention().toDays(), 1, 36_600, "days",
            "How long audit records stay in cache_audit (TTL index); default six years, HIPAA's retention period.");

    static final ConfigKey PHI_PROFILE = ConfigKey.choice(PhiPolicy.PROFILE, profileName(PHI.profile()),
            List.of("development", "production"),
            "Rules of the PHI policy; production (forced by the production profile) refuses to disable or "
                    + "stop excluding NAME or a critical category.");
    static final ConfigKey PHI_EXCLUDED_CATEGORIES = ConfigKey.list(PhiPolicy.EXCLUDED_CATEGORIES,
            categoryNames(PHI.excludedCategories()), PHI_CATEGORY, PHI_CATEGORIES,
            "PHI categories that keep a request or response out of the cache at any confidence.");
    static final ConfigKey PHI_CONFIDENCE_THRESHOLD = ConfigKey.decimal(PhiPolicy.CONFIDENCE_THRESHOLD,
            PHI.confidenceThreshold(), 0, 1, "",
            "A PHI finding of any screened category above this confidence keeps its text out of the cache.");
    static final ConfigKey PHI_DISABLED_CATEGORIES = ConfigKey.list(PhiPolicy.DISABLED_CATEGORIES,
            categoryNames(PHI.disabledCategories()), PHI_CATEGORY, PHI_CATEGORIES,
            "PHI categories the screener does not look for; must not overlap phi.excluded-categories.");

    private static final io.carecache.node.SemanticSettings SEMANTIC = io.carecache.node.SemanticSettings.DEFAULTS;
    static final ConfigKey SEMANTIC_CLUSTERING_INTERVAL = ConfigKey.integer(
            io.carecache.node.SemanticSettings.CLUSTERING_INTERVAL, SEMANTIC.clusteringInterval().toSeconds(),
            1, 7 * 24 * 3600, "seconds", "The k-means job over the semantic index reruns at least this often.");
    static final ConfigKey SEMANTIC_CLUSTERING_GROWTH = ConfigKey.decimal(
            io.carecache.node.SemanticSettings.CLUSTERING_GROWTH, SEMANTIC.clusteringGrowth(), 0, 100, "fraction",
            "The k-means job reruns early once the index has grown by this fraction since the last run (above 0).");
    static final ConfigKey SEMANTIC_CLUSTERING_MIN_ENTRIES = ConfigKey.integer(
            io.carecache.node.SemanticSettings.CLUSTERING_MIN_ENTRIES, SEMANTIC.clusteringMinEntries(),
            1, 100_000_000, "entries", "A semantic index smaller than this is not clustered (lookups scan it all).");
    static final ConfigKey SEMANTIC_MAX_CLUSTERS = ConfigKey.integer(io.carecache.node.SemanticSettings.MAX_CLUSTERS,
            SEMANTIC.maxClusters(), 1, 65_536, "clusters",
            "Most clusters per context fingerprint; k is about sqrt(entries/2) up to this.");
    static final ConfigKey SEMANTIC_MAX_ITERATIONS = ConfigKey.integer(io.carecache.node.SemanticSettings.MAX_ITERATIONS,
            SEMANTIC.maxIterations(), 1, 1000, "iterations", "Most k-means (Lloyd) iterations per run.");
    static final ConfigKey SEMANTIC_SEED = ConfigKey.integer(io.carecache.node.SemanticSettings.SEED, SEMANTIC.seed(),
            0, Integer.MAX_VALUE, "", "Seed of the k-means++ initialisation: the same index and seed give the same clusters.");
    static final ConfigKey SEMANTIC_CHECK_INTERVAL = ConfigKey.integer(io.carecache.node.SemanticSettings.CHECK_INTERVAL,
            SEMANTIC.checkInterval().toSeconds(), 1, 3600, "seconds", "How often the oldest member checks whether a k-means run is due.");
    static final ConfigKey SEMANTIC_PROBES = ConfigKey.integer(io.carecache.node.SemanticSettings.PROBES, SEMANTIC.probes(),
            1, 1024, "clusters", "How many nearest clusters a semantic lookup searches once clusters exist.");
    static final ConfigKey SEMANTIC_HOT_WINDOW = ConfigKey.integer(io.carecache.node.SemanticSettings.HOT_WINDOW,
            SEMANTIC.hotWindow().toSeconds(), 1, 24 * 3600, "seconds",
            "Sliding window of the streaming job measuring request rates per semantic cluster.");
    static final ConfigKey SEMANTIC_HOT_SLIDE = ConfigKey.integer(io.carecache.node.SemanticSettings.HOT_SLIDE,
            SEMANTIC.hotSlide().toSeconds(), 1, 24 * 3600, "seconds",
            "How often that window slides; must divide semantic.hot.window-seconds.");
    static final ConfigKey SEMANTIC_WARM_CLUSTERS = ConfigKey.integer(io.carecache.node.SemanticSettings.WARM_CLUSTERS,
            SEMANTIC.warmClusters(), 0, 10_000, "clusters",
            "How many of the hottest clusters are warmed (L3 to L2 ahead of demand, hottest first at start-up); 0 turns warming and its streaming rate job off.");
    static final ConfigKey SEMANTIC_WARM_ENTRIES_PER_CLUSTER = ConfigKey.integer(
            io.carecache.node.SemanticSettings.WARM_ENTRIES_PER_CLUSTER, SEMANTIC.warmEntriesPerCluster(), 1, 1_000_000,
            "entries", "How many of a hot cluster's most-used entries (by L3 access count) are warmed.");

    /** Every key, in the order of {@code KEYS.md}. */
    static final List<ConfigKey> ALL = List.of(PROFILE,
            MAP_NAME, L1_MAX_SIZE, L1_TTL, L1_EVICTION_POLICY, L2_TTL, L2_MAX_SIZE_PER_NODE, L3_TTL,
            COMPRESSION_ENABLED, COMPRESSION_LEVEL, MAX_QUERY_BYTES, MAX_RESPONSE_BYTES, ENCRYPTION_ENABLED,
            CLUSTER_NAME, MEMBER_PORT, CLUSTER_MEMBERS, KUBERNETES_SERVICE_NAME, HEALTH_PORT,
            MONGODB_URI, MONGODB_DATABASE, MONGODB_POOL_MAX_SIZE, EMBEDDED_DATA_DIR,
            WRITE_MODE, WRITE_DELAY, WRITE_BATCH_SIZE, WRITE_COALESCING, WRITE_QUEUE_CAPACITY, WRITE_BACKUP_RETENTION,
            HIT_FLUSH_INTERVAL, AUDIT_RETENTION_DAYS,
            PHI_PROFILE, PHI_EXCLUDED_CATEGORIES, PHI_CONFIDENCE_THRESHOLD, PHI_DISABLED_CATEGORIES,
            SEMANTIC_CLUSTERING_INTERVAL, SEMANTIC_CLUSTERING_GROWTH, SEMANTIC_CLUSTERING_MIN_ENTRIES, SEMANTIC_MAX_CLUSTERS,
            SEMANTIC_MAX_ITERATIONS, SEMANTIC_SEED, SEMANTIC_CHECK_INTERVAL, SEMANTIC_PROBES,
            SEMANTIC_HOT_WINDOW, SEMANTIC_HOT_SLIDE, SEMANTIC_WARM_CLUSTERS, SEMANTIC_WARM_ENTRIES_PER_CLUSTER);

    private static final Map<String, ConfigKey> BY_NAME = index(false);
    private static final Map<String, ConfigKey> BY_ENV = index(true);

    private ConfigKeys() {
    }

    /** {@code WRITE_BEHIND} as written in configuration: {@code write-behind}. */
    static String writeModeName(NodeSettings.WriteMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** {@code PRODUCTION} as written in configuration: {@code production}. */
    static String profileName(PhiPolicy.Profile profile) {
        return profile.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Category names in declaration order, so defaults and KEYS.md are stable. */
    static List<String> categoryNames(Collection<PhiCategory> categories) {
        return Arrays.stream(PhiCategory.values()).filter(categories::contains).map(Enum::name).toList();
    }

    static Optional<ConfigKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static Optional<ConfigKey> byEnvName(String envName) {
        return Optional.ofNullable(BY_ENV.get(envName));
    }

    /** The known name (dotted or environment style) closest to {@code unknown}, by edit distance. */
    static String closest(String unknown, boolean env) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey key : ALL) {
            String candidate = env ? key.envName() : key.name();
            int distance = editDistance(unknown, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    // Levenshtein distance; the key list is small, so the plain O(n*m) table is fine.
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, ConfigKey> index(boolean env) {
        Map<String, ConfigKey> map = new HashMap<>();
        for (ConfigKey key : ALL) {
            String id = env ? key.envName() : key.name();
            if (map.put(id, key) != null) {
                throw new IllegalStateException("two configuration keys share the name " + id);
            }
        }
        return Map.copyOf(map);
    }
}
