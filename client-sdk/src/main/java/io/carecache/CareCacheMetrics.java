package io.carecache;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.nearcache.NearCacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds CareCache's metrics to a Micrometer {@link MeterRegistry}: the application's own, or a
 * node's. Names follow the contract in {@code config/alerts/METRICS.md} (as Prometheus sees
 * them: {@code carecache.lookups} becomes {@code carecache_lookups_total}).
 *
 * <p>{@link #of(CareCache)} binds one facade, on a thin client or an embedded member:
 * <ul>
 *   <li>{@code carecache_lookups_total{tier}} and {@code carecache_lookup_latency_seconds{tier}}
 *       (a histogram with 5 ms and 20 ms among its buckets, the alert thresholds) for every
 *       {@link Tier}, in lower case;</li>
 *   <li>{@code carecache_lookups_degraded_total} (lookups answered MISS because the grid or
 *       MongoDB was unavailable: {@link LookupResult#degraded()});</li>
 *   <li>{@code carecache_misses_total}, {@code carecache_writes_total},
 *       {@code carecache_corrupt_entries_total}, {@code carecache_semantic_hits_total},
 *       {@code carecache_cluster_cache_hits_total}, {@code carecache_semantic_clusters_created_total},
 *       {@code carecache_warmed_entries_total},
 *       {@code carecache_rate_limit_blocks_total};</li>
 *   <li>{@code carecache_phi_detections_total{category}} and
 *       {@code carecache_phi_exclusions_total{category}} for every {@link PhiCategory};</li>
 *   <li>{@code carecache_circuit_state{name}} (0 closed, 1 half-open, 2 open) for each breaker the
 *       facade reports in {@link CacheStats.Protection#circuitStates()};</li>
 *   <li>Hazelcast's near cache (L1) statistics: {@code carecache_near_cache_hits_total},
 *       {@code _misses_total}, {@code _evictions_total}, {@code _expirations_total},
 *       {@code _invalidations_total}, {@code carecache_near_cache_entries},
 *       {@code carecache_near_cache_heap_cost_bytes}, labelled {@code map}.</li>
 * </ul>
 * Every series exists from the moment of binding, at 0, so rate queries see the first event.
 *
 * <p>{@link #ofMember(HazelcastInstance, CacheSettings)} binds what one member holds of the entry
 * map (L2), from Hazelcast's {@link LocalMapStats}: {@code carecache_evictions_total} (entries
 * evicted by size; they stay in L3), {@code carecache_write_behind_queue_depth} (entries this
 * member owns that wait for MongoDB: Hazelcast's dirty entry count, which is the size of the
 * write-behind queues of the member's primary partitions, 0 with write-through), and, labelled
 * {@code map}, {@code carecache_map_entries}, {@code carecache_map_backup_entries},
 * {@code carecache_map_heap_cost_bytes}, {@code carecache_map_hits_total},
 * {@code carecache_map_expirations_total} and {@code carecache_map_operations_total{operation}}.
 *
 * <p>{@link #circuit(String, Supplier)} binds a breaker that lives outside a facade (the node's
 * MongoDB and embedding breakers) under the same {@code carecache_circuit_state} name.
 *
 * <pre>{@code
 * CareCacheMetrics.of(cache).bindTo(registry);
 * }</pre>
 *
 * <p>Bind one facade per registry (it is thread-safe; share it), or give each its own tags with
 * {@link #of(CareCache, Iterable)}: meters with equal names and tags are registered once.
 * Needs {@code io.micrometer:micrometer-core} on the class path; the SDK declares it optional.
 */
public final class CareCacheMetrics implements MeterBinder {
    /** Statistics are read once per scrape, not once per meter: a snapshot is reused this long. */
    private static final Duration SNAPSHOT_AGE = Duration.ofMillis(100);

    private final Consumer<MeterRegistry> binding;

    private CareCacheMetrics(Consumer<MeterRegistry> binding) {
        this.binding = binding;
    }

    /** The metrics of one facade: lookups and latency per tier, writes, PHI, protection, near cache. */
    public static CareCacheMetrics of(CareCache cache) {
        return of(cache, Tags.empty());
    }

    /** The metrics of one facade, each meter carrying {@code tags} as well. */
    public static CareCacheMetrics of(CareCache cache, Iterable<Tag> tags) {
        Objects.requireNonNull(cache, "cache");
        Tags extra = Tags.of(tags);
        return new CareCacheMetrics(registry -> bindFacade(cache, extra, registry));
    }

    /**
     * What {@code member} holds of the entry map named in {@code settings}: L2 size, evictions,
     * the write-behind queue.
     *
     * @throws IllegalArgumentException when {@code member} is a client: clients hold no partitions
     */
    public static CareCacheMetrics ofMember(HazelcastInstance member, CacheSettings settings) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(settings, "settings");
        if (!(member.getLocalEndpoint() instanceof Member)) {
            throw new IllegalArgumentException("ofMember needs a Hazelcast member; a client holds no map entries");
        }
        return new CareCacheMetrics(registry -> bindMember(member, settings.mapName(), registry));
    }

    /**
     * One circuit breaker's state as {@code carecache_circuit_state{name}} (0 closed, 1 half-open,
     * 2 open), for breakers outside a facade, e.g. {@code circuit("mongodb", breaker::state)}.
     *
     * @param state the breaker's current Resilience4j state name ({@code CLOSED}, {@code OPEN}, ...)
     */
    public static CareCacheMetrics circuit(String name, Supplier<String> state) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        return new CareCacheMetrics(registry -> circuitGauge(registry, Tags.of("name", name), state, state::get));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binding.accept(Objects.requireNonNull(registry, "registry"));
    }

    private static void bindFacade(CareCache facade, Tags tags, MeterRegistry registry) {
        Snapshot<CacheStats> stats = new Snapshot<>(facade, facade::stats);
        Map<Tier, Timer> latency = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            Tags tierTag = tags.and("tier", label(tier));
            counter(registry, "carecache.lookups", tierTag, "Lookups, by the tier that answered",
                    stats, s -> lookups(s.performance(), tier));
            latency.put(tier, Timer.builder("carecache.lookup.latency")
                    .description("Lookup latency by answering tier")
                    .tags(tierTag)
                    .publishPercentileHistogram()
                    .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(20))
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
        }
        Counter degraded = Counter.builder("carecache.lookups.degraded")
                .description("Lookups answered MISS because a tier was unavailable (grid or MongoDB)")
                .tags(tags)
                .register(registry);
        facade.observe(result -> {
            latency.get(result.tier()).record(result.latency());
            if (result.degraded()) {
                degraded.increment();
            }
        });

        counter(registry, "carecache.misses", tags, "Lookups no tier could answer", stats, s -> s.performance().misses());
        counter(registry, "carecache.writes", tags, "Entries stored", stats, s -> s.performance().writes());
        counter(registry, "carecache.corrupt.entries", tags, "Entries that failed to authenticate or decode, dropped",
                stats, s -> s.performance().corruptEntries());
        counter(registry, "carecache.semantic.hits", tags, "Exact misses answered by semantic similarity",
                stats, s -> s.performance().semanticHits());
        counter(registry, "carecache.cluster.cache.hits", tags, "Semantic hits found searching the nearest clusters only",
                stats, s -> s.optimization().clusterCacheHits());
        counter(registry, "carecache.semantic.clusters.created", tags, "Clusters the k-means job produced (grid-wide)",
                stats, s -> s.optimization().semanticClustersCreated());
        counter(registry, "carecache.warmed.entries", tags, "Entries loaded from L3 into L2 ahead of demand (grid-wide)",
                stats, s -> s.optimization().warmedEntries());
        counter(registry, "carecache.rate.limit.blocks", tags, "Requests refused by the per-user rate limit",
                stats, s -> s.protection().rateLimitBlocks());
        for (PhiCategory category : PhiCategory.values()) {
            Tags categoryTag = tags.and("category", label(category));
            counter(registry, "carecache.phi.detections", categoryTag, "PHI identifiers found, by category",
                    stats, s -> s.security().phiDetectionsByCategory().getOrDefault(category, 0L));
            counter(registry, "carecache.phi.exclusions", categoryTag,
                    "Requests kept out of the shared cache because of PHI, by category",
                    stats, s -> s.security().phiExclusionsByCategory().getOrDefault(category, 0L));
        }
        // The breakers a facade has are fixed when it is built; each gets its own series.
        for (String breaker : facade.stats().protection().circuitStates().keySet()) {
            circuitGauge(registry, tags.and("name", breaker), stats,
                    () -> stats.get().protection().circuitStates().getOrDefault(breaker, "CLOSED"));
        }
        bindNearCache(facade, facade.settings().mapName(), tags, registry);
    }

    private static void circuitGauge(MeterRegistry registry, Tags tags, Object owner, Supplier<String> state) {
        Gauge.builder("carecache.circuit.state", owner, o -> circuitState(state.get()))
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    private static void bindNearCache(CareCache facade, String mapName, Tags tags, MeterRegistry registry) {
        if (facade.nearCacheStats().isEmpty()) {
            return;
        }
        Snapshot<NearCacheStats> near = new Snapshot<>(facade, () -> facade.nearCacheStats().orElseThrow());
        Tags mapTag = tags.and("map", mapName);
        counter(registry, "carecache.near.cache.hits", mapTag, "Near cache (L1) hits", near, NearCacheStats::getHits);
        counter(registry, "carecache.near.cache.misses", mapTag, "Near cache (L1) misses", near, NearCacheStats::getMisses);
        counter(registry, "carecache.near.cache.evictions", mapTag, "Near cache (L1) evictions by size",
                near, NearCacheStats::getEvictions);
        counter(registry, "carecache.near.cache.expirations", mapTag, "Near cache (L1) entries expired",
                near, NearCacheStats::getExpirations);
        counter(registry, "carecache.near.cache.invalidations", mapTag, "Near cache (L1) entries invalidated by writes",
                near, NearCacheStats::getInvalidations);
        gauge(registry, "carecache.near.cache.entries", mapTag, null, "Entries in the near cache (L1)",
                near, NearCacheStats::getOwnedEntryCount);
        gauge(registry, "carecache.near.cache.heap.cost", mapTag, BaseUnits.BYTES, "Heap used by the near cache (L1)",
                near, NearCacheStats::getOwnedEntryMemoryCost);
    }

    private static void bindMember(HazelcastInstance hazelcast, String mapName, MeterRegistry registry) {
        Tags tags = Tags.empty();
        Snapshot<LocalMapStats> map = new Snapshot<>(hazelcast, () -> hazelcast.getMap(mapName).getLocalMapStats());
        counter(registry, "carecache.evictions", tags, "Entries evicted from L2 by size on this member (they stay in L3)",
                map, LocalMapStats::getEvictionCount);
        // Hazelcast's dirty entry count is the sum of the write-behind queue sizes of the primary
        // partitions this member owns (backups' queues are not counted, so members add up).
        gauge(registry, "carecache.write.behind.queue.depth", tags, null,
                "Entries queued for MongoDB on this member (write-behind)", map, LocalMapStats::getDirtyEntryCount);
        Tags mapTag = tags.and("map", mapName);
        gauge(registry, "carecache.map.entries", mapTag, null, "Entries this member owns (L2)",
                map, LocalMapStats::getOwnedEntryCount);
        gauge(registry, "carecache.map.backup.entries", mapTag, null, "Backup entries this member holds",
                map, LocalMapStats::getBackupEntryCount);
        gauge(registry, "carecache.map.heap.cost", mapTag, BaseUnits.BYTES, "Heap used by the map's entries and backups",
                map, LocalMapStats::getHeapCost);
        counter(registry, "carecache.map.hits", mapTag, "Reads of entries this member owns", map, LocalMapStats::getHits);
        counter(registry, "carecache.map.expirations", mapTag, "Entries expired from L2 on this member",
                map, LocalMapStats::getExpirationCount);
        Map<String, ToDoubleFunction<LocalMapStats>> operations = Map.of(
                "get", LocalMapStats::getGetOperationCount,
                "set", LocalMapStats::getSetOperationCount,
                "put", LocalMapStats::getPutOperationCount,
                "remove", LocalMapStats::getRemoveOperationCount);
        operations.forEach((operation, read) -> counter(registry, "carecache.map.operations",
                mapTag.and("operation", operation), "Map operations served by this member", map, read));
    }

    private static long lookups(CacheStats.Performance p, Tier tier) {
        return switch (tier) {
            case L1 -> p.l1Hits();
            case L2 -> p.l2Hits();
            case L3 -> p.l3Hits();
            case SEMANTIC -> p.semanticHits();
            case MISS -> p.misses();
            case BYPASS -> p.bypasses();
        };
    }

    /** Resilience4j's states as the contract's numbers; forced and disabled states count as open and closed. */
    static int circuitState(String state) {
        return switch (state) {
            case "HALF_OPEN" -> 1;
            case "OPEN", "FORCED_OPEN" -> 2;
            default -> 0;
        };
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static <T> void counter(MeterRegistry registry, String name, Tags tags, String description,
                                    Snapshot<T> source, ToDoubleFunction<T> read) {
        // A function counter holds its object only weakly; the function (holding the snapshot) strongly.
        FunctionCounter.builder(name, source.owner(), owner -> read.applyAsDouble(source.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static <T> void gauge(MeterRegistry registry, String name, Tags tags, String baseUnit, String description,
                                  Snapshot<T> source, ToDoubleFunction<T> read) {
        Gauge.builder(name, source, s -> read.applyAsDouble(s.get()))
                .description(description)
                .tags(tags)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }

    /** A value read from {@code owner} at most once per {@link #SNAPSHOT_AGE}. */
    private static final class Snapshot<T> {
        private final Object owner;
        private final Supplier<T> read;
        private T value;
        private long readAtNanos;

        Snapshot(Object owner, Supplier<T> read) {
            this.owner = owner;
            this.read = read;
        }

        Object owner() {
            return owner;
        }

        synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - readAtNanos > SNAPSHOT_AGE.toNanos()) {
                value = read.get();
                readAtNanos = now;
            }
            return value;
        }
    }
}
