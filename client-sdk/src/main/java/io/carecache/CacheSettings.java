package io.carecache;

import java.time.Duration;

/**
 * The SDK's typed settings. Names in messages are the configuration keys of {@code config/}
 * (the environment uses the same names upper-cased, dots and dashes as underscores).
 *
 * @param mapName the IMap holding the entries (L2) and carrying the near cache (L1)
 * @param l2Ttl how long an entry lives in the grid (L2); L1 never holds it longer
 * @param l3Ttl how long an entry lives in MongoDB (L3); at least {@code l2Ttl}
 * @param compressionEnabled whether answers are compressed before encryption
 * @param compressionLevel deflate level 1 (fast) to 9 (small)
 * @param maxQueryBytes largest accepted query, in UTF-8 bytes
 * @param maxResponseBytes largest accepted serialized response, in bytes
 * @param l1MaxSize entries the near cache (L1) holds per process before evicting
 * @param l1Ttl how long the near cache keeps an entry; at most {@code l2Ttl}
 * @param l1EvictionPolicy {@code LRU} or {@code LFU}
 * @param l2MaxSizePerNode entries one member holds (L2) before evicting; L3 keeps evicted entries
 */
public record CacheSettings(String mapName, Duration l2Ttl, Duration l3Ttl, boolean compressionEnabled,
                            int compressionLevel, int maxQueryBytes, int maxResponseBytes,
                            int l1MaxSize, Duration l1Ttl, String l1EvictionPolicy, int l2MaxSizePerNode) {

    public static final String MAP_NAME = "cache.map-name";
    public static final String L2_TTL = "cache.l2.ttl-seconds";
    public static final String L3_TTL = "cache.l3.ttl-hours";
    public static final String COMPRESSION_ENABLED = "cache.compression.enabled";
    public static final String COMPRESSION_LEVEL = "cache.compression.level";
    public static final String MAX_QUERY_BYTES = "cache.max-query-bytes";
    public static final String MAX_RESPONSE_BYTES = "cache.max-response-bytes";
    public static final String L1_MAX_SIZE = "cache.l1.max-size";
    public static final String L1_TTL = "cache.l1.ttl-seconds";
    public static final String L1_EVICTION_POLICY = "cache.l1.eviction-policy";
    public static final String L2_MAX_SIZE_PER_NODE = "cache.l2.max-size-per-node";

    /**
     * The development profile's values: the {@code responses} map, L1 1,000 entries LRU for 5 min,
     * L2 30 min and 100,000 entries per member, L3 6 h, deflate level 6, 8 KiB queries, 1 MiB responses.
     */
    public static final CacheSettings DEFAULTS = new CacheSettings("responses", Duration.ofMinutes(30),
            Duration.ofHours(6), true, 6, 8 * 1024, 1024 * 1024, 1000, Duration.ofMinutes(5), "LRU", 100_000);

    public CacheSettings {
        if (mapName == null || !mapName.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new InvalidConfigurationException(MAP_NAME, "must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        inRange(L2_TTL, seconds(l2Ttl), 1, 7 * 24 * 3600, "seconds");
        inRange(L3_TTL, seconds(l3Ttl), 3600, 365L * 24 * 3600, "seconds (1 h to 365 days)");
        if (l3Ttl.compareTo(l2Ttl) < 0) {
            throw new InvalidConfigurationException(L3_TTL, "must be at least " + L2_TTL + " ("
                    + l2Ttl.toSeconds() + " s), was " + l3Ttl.toSeconds() + " s");
        }
        inRange(COMPRESSION_LEVEL, compressionLevel, 1, 9, "");
        inRange(MAX_QUERY_BYTES, maxQueryBytes, 16, 64 * 1024, "bytes");
        inRange(MAX_RESPONSE_BYTES, maxResponseBytes, 1024, 16 * 1024 * 1024, "bytes");
        inRange(L1_MAX_SIZE, l1MaxSize, 1, 10_000_000, "entries");
        inRange(L1_TTL, seconds(l1Ttl), 1, l2Ttl.toSeconds(), "seconds (at most " + L2_TTL + ")");
        if (!"LRU".equals(l1EvictionPolicy) && !"LFU".equals(l1EvictionPolicy)) {
            throw new InvalidConfigurationException(L1_EVICTION_POLICY, "must be LRU or LFU, was " + l1EvictionPolicy);
        }
        inRange(L2_MAX_SIZE_PER_NODE, l2MaxSizePerNode, 100, 100_000_000, "entries");
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static long seconds(Duration d) {
        if (d == null) {
            return -1;
        }
        return d.toSeconds();
    }

    private static void inRange(String setting, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(setting, "must be between " + min + " and " + max
                    + (unit.isEmpty() ? "" : " " + unit) + ", was " + value);
        }
    }

    /** Builds {@link CacheSettings}; every value is validated by {@link #build()}. */
    public static final class Builder {
        private String mapName;
        private Duration l2Ttl;
        private Duration l3Ttl;
        private boolean compressionEnabled;
        private int compressionLevel;
        private int maxQueryBytes;
        private int maxResponseBytes;
        private int l1MaxSize;
        private Duration l1Ttl;
        private String l1EvictionPolicy;
        private int l2MaxSizePerNode;

        private Builder(CacheSettings from) {
            mapName = from.mapName;
            l2Ttl = from.l2Ttl;
            l3Ttl = from.l3Ttl;
            compressionEnabled = from.compressionEnabled;
            compressionLevel = from.compressionLevel;
            maxQueryBytes = from.maxQueryBytes;
            maxResponseBytes = from.maxResponseBytes;
            l1MaxSize = from.l1MaxSize;
            l1Ttl = from.l1Ttl;
            l1EvictionPolicy = from.l1EvictionPolicy;
            l2MaxSizePerNode = from.l2MaxSizePerNode;
        }

        public Builder l1(int maxSize, Duration ttl, String evictionPolicy) {
            this.l1MaxSize = maxSize;
            this.l1Ttl = ttl;
            this.l1EvictionPolicy = evictionPolicy;
            return this;
        }

        public Builder l2MaxSizePerNode(int entries) {
            this.l2MaxSizePerNode = entries;
            return this;
        }

        public Builder mapName(String name) {
            this.mapName = name;
            return this;
        }

        public Builder l2Ttl(Duration ttl) {
            this.l2Ttl = ttl;
            return this;
        }

        public Builder l3Ttl(Duration ttl) {
            this.l3Ttl = ttl;
            return this;
        }

        public Builder compression(boolean enabled, int level) {
            this.compressionEnabled = enabled;
            this.compressionLevel = level;
            return this;
        }

        public Builder maxQueryBytes(int bytes) {
            this.maxQueryBytes = bytes;
            return this;
        }

        public Builder maxResponseBytes(int bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        public CacheSettings build() {
            return new CacheSettings(mapName, l2Ttl, l3Ttl, compressionEnabled, compressionLevel,
                    maxQueryBytes, maxResponseBytes, l1MaxSize, l1Ttl, l1EvictionPolicy, l2MaxSizePerNode);
        }
    }
}
