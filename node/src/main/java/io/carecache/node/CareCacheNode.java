package io.carecache.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.KeyRing;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.MemberReadLog;
import io.carecache.internal.grid.StaleKeyFinder;
import io.carecache.internal.grid.SubjectEraser;
import io.carecache.internal.grid.TierInterceptor;
import io.carecache.node.internal.l3.HitCountFlusher;
import io.carecache.node.internal.l3.MongoBreaker;
import io.carecache.node.internal.semantic.BgeEmbedder;
import io.carecache.node.internal.semantic.GridSemanticIndex;
import io.carecache.node.internal.semantic.SemanticMaintenance;
import io.carecache.node.internal.l3.MongoEntryStore;
import io.carecache.node.internal.l3.MongoL3;
import io.carecache.node.internal.l3.MongoStaleKeyFinder;
import io.carecache.node.internal.metrics.MongoPoolMetrics;
import io.carecache.node.internal.metrics.NodeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running CareCache member: a Hazelcast member holding L2 (the {@code responses} map), with
 * L3 (MongoDB, or the embedded development store when no URI is configured) behind the map's
 * MapStore, and batched hit counts written back to L3.
 *
 * <pre>{@code
 * try (CareCacheNode node = CareCacheNode.start(settings)) {
 *     CareCache cache = node.cache(KeyRing.fromEnvironment()); // an embedded-member facade
 *     ...
 * }
 * }</pre>
 *
 * <p>Members hold no data keys: {@link #cache(KeyRing)} is for applications that embed a member;
 * everything else reaches the grid through thin clients. {@link #close()} is graceful: pending
 * write-behind writes reach MongoDB and partitions move to the remaining members first.
 */
public final class CareCacheNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CareCacheNode.class);
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");
    /** How long {@link #close()} waits for MongoDB to take pending write-behind entries. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(20);
    static final int AUDIT_WRITE_DELAY_SECONDS = 1;
    static final int AUDIT_WRITE_BATCH_SIZE = 500;

    private final NodeSettings settings;
    private final HazelcastInstance hazelcast;
    private final MongoL3 l3;
    private final HitCountFlusher hitFlusher;
    private final NodeMetrics metrics;
    private final SemanticMaintenance semantic;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean l3AnsweredSinceStart = new AtomicBoolean();

    private CareCacheNode(NodeSettings settings, HazelcastInstance hazelcast, MongoL3 l3, HitCountFlusher hitFlusher,
                          NodeMetrics metrics, SemanticMaintenance semantic) {
        this.settings = settings;
        this.hazelcast = hazelcast;
        this.l3 = l3;
        this.hitFlusher = hitFlusher;
        this.metrics = metrics;
        this.semantic = semantic;
    }

    /** Starts a member configured by {@link #memberConfig(NodeSettings)}. */
    public static CareCacheNode start(NodeSettings settings) {
        return start(settings, memberConfig(settings));
    }

    /**
     * Starts a member from a prepared configuration (normally {@link #memberConfig(NodeSettings)},
     * possibly adjusted), adding the MongoDB MapStore to the entry map.
     *
     * @throws IllegalStateException when the embedded development store cannot open its data
     */
    public static CareCacheNode start(NodeSettings settings, Config config) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(config, "config");
        MongoPoolMetrics mongoPool = new MongoPoolMetrics(settings.mongoPoolMaxSize());
        MongoL3 l3 = MongoL3.open(settings, mongoPool);
        HazelcastInstance hazelcast = null;
        try {
            MongoEntryStore store = l3.newStore(settings.cache().l2Ttl(), Clock.systemUTC());
            config.getMapConfig(settings.cache().mapName()).setMapStoreConfig(mapStoreConfig(settings).setImplementation(store));
            addErasureAndAudit(config, l3);
            GridSemanticIndex.configureStores(config, settings.cache().mapName(), l3.database(), l3.collection());
            hazelcast = Hazelcast.newHazelcastInstance(config);
            IMap<String, CacheEntry> map = hazelcast.getMap(settings.cache().mapName());
            map.addInterceptor(new TierInterceptor());
            io.carecache.internal.grid.MemberCircuits.register(hazelcast, MongoBreaker.NAME, l3.breaker()::state);
            HitCountFlusher flusher = new HitCountFlusher(l3.collection(), MemberReadLog.of(hazelcast), Clock.systemUTC());
            flusher.start(settings.hitFlushInterval());
            NodeMetrics metrics = NodeMetrics.start(hazelcast, settings.cache(), mongoPool);
            metrics.circuit(MongoBreaker.NAME, l3.breaker()::state);
            LOG.info("CareCache member {} started in cluster '{}' ({} profile, L3 {} with {})",
                    hazelcast.getCluster().getLocalMember().getAddress(), settings.clusterName(), settings.profile(),
                    l3.isEmbedded() ? "embedded development store" : "MongoDB", settings.writeMode());
            SemanticMaintenance semantic = SemanticMaintenance.start(hazelcast, settings.cache().mapName(), settings.semantic());
            flusher.observe(semantic.lookupLog());
            return new CareCacheNode(settings, hazelcast, l3, flusher, metrics, semantic);
        } catch (RuntimeException e) {
            if (hazelcast != null) {
                hazelcast.shutdown();
            }
            l3.close();
            throw e;
        }
    }

    /**
     * The member's Hazelcast configuration from the settings: cluster name, port (auto-increment),
     * TCP/IP join on {@link NodeSettings#members()} or Kubernetes discovery when
     * {@link NodeSettings#kubernetesServiceName()} is set, no multicast, no phone-home, and
     * CareCache's serializer and entry map ({@link CareCacheGrid#configureMember}). The MapStore is
     * added by {@link #start(NodeSettings, Config)}.
     */
    public static Config memberConfig(NodeSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Node-wide; Hazelcast enforces it only for maps without write coalescing (docs/architecture.md).
        config.setProperty("hazelcast.map.write.behind.queue.capacity", Integer.toString(settings.writeQueueCapacity()));
        // Backups drop queued writes this long after their store time whether or not the owner stored
        // them (Hazelcast's StoreWorker): long enough that a promoted backup still holds an outage's writes.
        config.setProperty("hazelcast.map.replica.scheduled.task.delay.seconds",
                Long.toString(settings.writeBackupRetention().toSeconds()));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (!settings.kubernetesServiceName().isBlank()) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true).setProperty("service-name", settings.kubernetesServiceName());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
            if (!settings.members().isEmpty() && settings.members().stream().allMatch(CareCacheNode::isLoopback)) {
                // A cluster on one machine stays on loopback instead of advertising a LAN address.
                network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            }
        }
        CareCacheGrid.configureMember(config, settings.cache());
        GridSemanticIndex.configureMember(config, settings.cache().mapName(), BgeEmbedder.lazyShared(), settings.semantic());
        return config;
    }

    /**
     * Subject keys go through to MongoDB before a store returns (an entry is never sealed under a
     * key that is not durable, and an erased key is gone when forgetSubject returns); audit events
     * are written behind, in batches; the member-side eraser deletes a subject's stored documents.
     */
    private static void addErasureAndAudit(Config config, MongoL3 l3) {
        config.getMapConfig(CareCacheGrid.SUBJECT_KEY_MAP).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY).setWriteDelaySeconds(0)
                .setImplementation(l3.newSubjectKeyStore()));
        config.getMapConfig(CareCacheGrid.AUDIT_MAP).setMapStoreConfig(new MapStoreConfig().setEnabled(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY).setWriteDelaySeconds(AUDIT_WRITE_DELAY_SECONDS)
                .setWriteBatchSize(AUDIT_WRITE_BATCH_SIZE).setWriteCoalescing(true)
                .setImplementation(l3.newAuditStore()));
        config.getUserContext().put(SubjectEraser.USER_CONTEXT_KEY, l3.newSubjectEraser());
        config.getUserContext().put(StaleKeyFinder.USER_CONTEXT_KEY,
                new MongoStaleKeyFinder(l3.collection(), l3.subjectKeyCollection()));
    }

    /** The MapStore settings of the entry map: write-behind or write-through, lazy initial load. */
    static MapStoreConfig mapStoreConfig(NodeSettings settings) {
        MapStoreConfig store = new MapStoreConfig()
                .setEnabled(true)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY);
        if (settings.writeMode() == NodeSettings.WriteMode.WRITE_THROUGH) {
            store.setWriteDelaySeconds(0);
        } else {
            // Write-behind needs a delay of at least one second; 0 would mean write-through.
            long seconds = Math.max(1, (settings.writeDelay().toMillis() + 999) / 1000);
            store.setWriteDelaySeconds(Math.toIntExact(seconds))
                    .setWriteBatchSize(settings.writeBatchSize())
                    .setWriteCoalescing(settings.writeCoalescing());
        }
        return store;
    }

    /** The Hazelcast member. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The settings this member runs with. */
    public NodeSettings settings() {
        return settings;
    }

    /**
     * This member's metrics registry: JVM, the entry map as this member holds it (L2 entries,
     * evictions, write-behind queue depth), the MongoDB pool. An application embedding the member
     * binds its facade here too, so {@code /metrics} shows lookups and latency per tier:
     * {@code CareCacheMetrics.of(cache).bindTo(node.meterRegistry())}.
     */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /** Every meter of {@link #meterRegistry()} in the Prometheus text exposition format (version 0.0.4). */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    /** An embedded-member facade over this member with the node's cache settings and PHI policy. */
    public CareCache cache(KeyRing ring) {
        return CareCache.builder(hazelcast).keyRing(ring).settings(settings.cache()).phiPolicy(settings.phi()).build();
    }

    /**
     * Whether this member should receive traffic: it is running, the cluster is safe (every
     * partition has its backups, no migration in flight) and L3 has answered a ping since start.
     *
     * <p>MongoDB counts only until it first answers. A later outage leaves the member ready: the
     * grid keeps serving from L1/L2 and queues writes, and failing readiness on every member at once
     * would empty the client Service, so application pods starting during the outage could not
     * connect. The outage shows in {@link #l3Reachable()} (the readiness body) and in the
     * {@code mongodb} circuit state instead.
     */
    public boolean isReady() {
        return hazelcast.getLifecycleService().isRunning()
                && hazelcast.getPartitionService().isClusterSafe()
                && (l3AnsweredSinceStart.get() || markIfL3Answers());
    }

    private boolean markIfL3Answers() {
        if (l3Reachable()) {
            l3AnsweredSinceStart.set(true);
            return true;
        }
        return false;
    }

    /**
     * This member's circuit breakers by name ({@code mongodb}: {@code CLOSED}, {@code OPEN} or
     * {@code HALF_OPEN}). An embedded facade's {@code stats()} includes them; a thin client's does not.
     */
    public java.util.Map<String, String> circuitStates() {
        return io.carecache.internal.grid.MemberCircuits.states(hazelcast);
    }

    /**
     * Whether MongoDB (L3) looked reachable at the driver's last heartbeat; never blocks, for
     * readiness reports. {@link #l3Reachable()} asks MongoDB itself.
     */
    public boolean l3ReachableAtLastHeartbeat() {
        return !closed.get() && l3.monitorSeesServer();
    }

    /** Whether MongoDB (L3) answers a ping now; waits at most a few seconds. */
    public boolean l3Reachable() {
        return !closed.get() && l3.ping();
    }

    /**
     * Leaves the cluster gracefully: writes pending write-behind entries and hit counts to
     * MongoDB, shuts the member down (partitions move to the remaining members), then closes the
     * MongoDB client and the embedded store. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        semantic.close();
        flushPendingWrites();
        hitFlusher.close();
        try {
            hazelcast.shutdown();
        } finally {
            l3.close();
            metrics.close();
        }
    }

    /**
     * Writes pending write-behind entries, waiting at most {@link #FLUSH_TIMEOUT}: with MongoDB down
     * Hazelcast's flush never returns (the store is retried forever). Entries still queued then stay
     * in the write-behind queues, which a graceful shutdown hands to the remaining members.
     */
    private void flushPendingWrites() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Void> flush = java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                    hazelcast.getMap(settings.cache().mapName()).flush();
                    hazelcast.getMap(CareCacheGrid.AUDIT_MAP).flush();
                    GridSemanticIndex.flush(hazelcast, settings.cache().mapName());
                });
        try {
            flush.get(FLUSH_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("MongoDB did not take the pending writes within {} s; they stay queued and move to the "
                    + "remaining members with the partitions (a last member cannot keep them)", FLUSH_TIMEOUT.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("Could not flush pending writes to MongoDB before shutdown; the remaining members keep them: {}",
                    e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isLoopback(String member) {
        String host = member.strip();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon) {
            host = host.substring(0, colon);
        }
        return LOOPBACK.contains(host);
    }
}
