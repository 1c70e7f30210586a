package io.carecache.node;

import io.carecache.CacheSettings;
import io.carecache.PhiPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a CareCache member needs to start, typed. Built from {@code config/} YAML, the
 * selected profile and environment overrides by the node's configuration loader, or directly
 * by an application that embeds a member.
 *
 * @param profile {@code development}, {@code production} or {@code high-traffic}
 * @param cache the SDK settings shared with clients (map name, TTLs, sizes, compression)
 * @param clusterName the Hazelcast cluster name
 * @param port the member port (auto-increments when taken)
 * @param members explicit TCP/IP members ({@code host[:port]}); empty with Kubernetes discovery
 * @param kubernetesServiceName the headless Service for Kubernetes discovery; empty for TCP/IP
 * @param mongoUri MongoDB connection string ({@code MONGODB_URI}); empty starts the embedded store
 * @param mongoDatabase the database holding {@code therapeutic_response_cache}
 * @param mongoPoolMaxSize connection pool size per member
 * @param embeddedDataDirectory where the embedded development store keeps its files
 * @param writeMode how writes reach L3
 * @param writeDelay write-behind delay
 * @param writeBatchSize write-behind batch size
 * @param writeCoalescing whether write-behind keeps only the last write per key
 * @param writeQueueCapacity write-behind entries one member may queue before rejecting writes
 *        (Hazelcast enforces it only without coalescing; see {@code docs/architecture.md})
 * @param writeBackupRetention how long a backup keeps a queued write past its store time, so a
 *        member crash during a MongoDB outage loses none of the writes queued in that window
 * @param hitFlushInterval how often batched hit counts are written to L3
 * @param healthPort the HTTP port of {@code /health/*} and {@code /metrics}; 0 picks a free port
 * @param auditRetention how long audit records stay in {@code cache_audit} (a TTL index)
 * @param phi which PHI detections keep text out of the cache; the loader builds it with the
 *        production rules in the production profile
 * @param semantic how the semantic index is clustered and searched
 */
public record NodeSettings(String profile, CacheSettings cache, String clusterName, int port, List<String> members,
                           String kubernetesServiceName, Optional<String> mongoUri, String mongoDatabase,
                           int mongoPoolMaxSize, Path embeddedDataDirectory, WriteMode writeMode,
                           Duration writeDelay, int writeBatchSize, boolean writeCoalescing,
                           int writeQueueCapacity, Duration writeBackupRetention, Duration hitFlushInterval,
                           int healthPort, Duration auditRetention, PhiPolicy phi, SemanticSettings semantic) {

    /** How writes reach MongoDB. */
    public enum WriteMode {
        /** Queued on the member (and its backup) and written in batches after {@code writeDelay}. */
        WRITE_BEHIND,
        /** Written before {@code store} returns. */
        WRITE_THROUGH
    }

    public NodeSettings {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(cache, "cache");
        members = List.copyOf(members);
        Objects.requireNonNull(mongoUri, "mongoUri");
        Objects.requireNonNull(embeddedDataDirectory, "embeddedDataDirectory");
        Objects.requireNonNull(writeMode, "writeMode");
        Objects.requireNonNull(writeBackupRetention, "writeBackupRetention");
        Objects.requireNonNull(auditRetention, "auditRetention");
        Objects.requireNonNull(phi, "phi");
        Objects.requireNonNull(semantic, "semantic");
    }

    /** Settings from before the semantic ones existed: {@link SemanticSettings#DEFAULTS}. */
    public NodeSettings(String profile, CacheSettings cache, String clusterName, int port, List<String> members,
                        String kubernetesServiceName, Optional<String> mongoUri, String mongoDatabase,
                        int mongoPoolMaxSize, Path embeddedDataDirectory, WriteMode writeMode,
                        Duration writeDelay, int writeBatchSize, boolean writeCoalescing,
                        int writeQueueCapacity, Duration writeBackupRetention, Duration hitFlushInterval,
                        int healthPort, Duration auditRetention, PhiPolicy phi) {
        this(profile, cache, clusterName, port, members, kubernetesServiceName, mongoUri, mongoDatabase,
                mongoPoolMaxSize, embeddedDataDirectory, writeMode, writeDelay, writeBatchSize, writeCoalescing,
                writeQueueCapacity, writeBackupRetention, hitFlushInterval, healthPort, auditRetention, phi,
                SemanticSettings.DEFAULTS);
    }

    /**
     * Six years: HIPAA keeps required documentation, audit records of access to systems holding
     * ePHI among them, for six years (45 CFR 164.316(b)(2)); 366-day years so leap days never cut it short.
     */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(6 * 366);

    /**
     * Development defaults: embedded store under {@code ./data}, one member on 5701, write-behind after 1 s,
     * the seed's PHI policy.
     */
    public static NodeSettings development() {
        return new NodeSettings("development", CacheSettings.DEFAULTS, "carecache", 5701, List.of("127.0.0.1"),
                "", Optional.empty(), "carecache", 20, Path.of("data"), WriteMode.WRITE_BEHIND,
                Duration.ofSeconds(1), 100, true, 50_000, Duration.ofMinutes(5), Duration.ofSeconds(5), 8080,
                DEFAULT_AUDIT_RETENTION, PhiPolicy.SEED);
    }

    /** A builder starting from {@link #development()}. */
    public static Builder builder() {
        return development().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link NodeSettings}; starts from another instance, so every value is set. */
    public static final class Builder {
        private String profile;
        private CacheSettings cache;
        private String clusterName;
        private int port;
        private List<String> members;
        private String kubernetesServiceName;
        private Optional<String> mongoUri;
        private String mongoDatabase;
        private int mongoPoolMaxSize;
        private Path embeddedDataDirectory;
        private WriteMode writeMode;
        private Duration writeDelay;
        private int writeBatchSize;
        private boolean writeCoalescing;
        private int writeQueueCapacity;
        private Duration writeBackupRetention;
        private Duration hitFlushInterval;
        private int healthPort;
        private Duration auditRetention;
        private PhiPolicy phi;
        private SemanticSettings semantic;

        private Builder(NodeSettings from) {
            profile = from.profile;
            cache = from.cache;
            clusterName = from.clusterName;
            port = from.port;
            members = from.members;
            kubernetesServiceName = from.kubernetesServiceName;
            mongoUri = from.mongoUri;
            mongoDatabase = from.mongoDatabase;
            mongoPoolMaxSize = from.mongoPoolMaxSize;
            embeddedDataDirectory = from.embeddedDataDirectory;
            writeMode = from.writeMode;
            writeDelay = from.writeDelay;
            writeBatchSize = from.writeBatchSize;
            writeCoalescing = from.writeCoalescing;
            writeQueueCapacity = from.writeQueueCapacity;
            writeBackupRetention = from.writeBackupRetention;
            hitFlushInterval = from.hitFlushInterval;
            healthPort = from.healthPort;
            auditRetention = from.auditRetention;
            phi = from.phi;
            semantic = from.semantic;
        }

        public Builder profile(String value) {
            this.profile = value;
            return this;
        }

        public Builder cache(CacheSettings value) {
            this.cache = value;
            return this;
        }

        public Builder clusterName(String value) {
            this.clusterName = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder members(List<String> value) {
            this.members = value;
            return this;
        }

        public Builder kubernetesServiceName(String value) {
            this.kubernetesServiceName = value;
            return this;
        }

        /** The MongoDB connection string; empty starts the embedded development store. */
        public Builder mongoUri(Optional<String> value) {
            this.mongoUri = value;
            return this;
        }

        public Builder mongoDatabase(String value) {
            this.mongoDatabase = value;
            return this;
        }

        public Builder mongoPoolMaxSize(int value) {
            this.mongoPoolMaxSize = value;
            return this;
        }

        public Builder embeddedDataDirectory(Path value) {
            this.embeddedDataDirectory = value;
            return this;
        }

        public Builder writeMode(WriteMode value) {
            this.writeMode = value;
            return this;
        }

        public Builder writeDelay(Duration value) {
            this.writeDelay = value;
            return this;
        }

        public Builder writeBatchSize(int value) {
            this.writeBatchSize = value;
            return this;
        }

        public Builder writeCoalescing(boolean value) {
            this.writeCoalescing = value;
            return this;
        }

        /** Write-behind entries one member may queue; Hazelcast enforces it only without coalescing. */
        public Builder writeQueueCapacity(int value) {
            this.writeQueueCapacity = value;
            return this;
        }

        /** How long a backup keeps a queued write past its store time (covers a member crash during an outage). */
        public Builder writeBackupRetention(Duration value) {
            this.writeBackupRetention = value;
            return this;
        }

        public Builder hitFlushInterval(Duration value) {
            this.hitFlushInterval = value;
            return this;
        }

        public Builder healthPort(int value) {
            this.healthPort = value;
            return this;
        }

        /** How long audit records are kept in MongoDB. */
        public Builder auditRetention(Duration value) {
            this.auditRetention = value;
            return this;
        }

        /** The PHI policy the node's cache facade screens with. */
        public Builder phi(PhiPolicy value) {
            this.phi = value;
            return this;
        }

        /** How the semantic index is clustered and searched. */
        public Builder semantic(SemanticSettings value) {
            this.semantic = value;
            return this;
        }

        public NodeSettings build() {
            return new NodeSettings(profile, cache, clusterName, port, members, kubernetesServiceName, mongoUri,
                    mongoDatabase, mongoPoolMaxSize, embeddedDataDirectory, writeMode, writeDelay, writeBatchSize,
                    writeCoalescing, writeQueueCapacity, writeBackupRetention, hitFlushInterval, healthPort,
                    auditRetention, phi, semantic);
        }
    }
}
