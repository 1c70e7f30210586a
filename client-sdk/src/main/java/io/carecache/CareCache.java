package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.nearcache.NearCacheStats;
import com.hazelcast.query.Predicates;
import io.carecache.internal.audit.AuditTrail;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.carecache.internal.compute.ClusterSingleFlight;
import io.carecache.internal.compute.PipelineBreaker;
import io.carecache.internal.compute.SingleFlight;
import io.carecache.internal.crypto.AeadCipher;
import io.carecache.internal.crypto.EnvelopeCodec;
import io.carecache.internal.crypto.JceAesGcm;
import io.carecache.internal.crypto.Reencryptor;
import io.carecache.internal.crypto.SubjectKeys;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.EraseSubjectTask;
import io.carecache.internal.grid.MemberCircuits;
import io.carecache.internal.grid.WrappedSubjectKey;
import io.carecache.internal.grid.NearCacheProbe;
import io.carecache.internal.grid.TierInterceptor;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.internal.semantic.QuestionSealer;
import io.carecache.internal.semantic.SemanticPolicy;
import io.carecache.internal.semantic.SemanticStep;
import io.carecache.internal.limit.UserRateLimiter;
import io.carecache.internal.phi.PhiGate;
import io.carecache.internal.request.RequestValidator;
import io.carecache.internal.stats.TierCounters;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The CareCache facade: look up, store and compute answers for healthcare assistants through
 * three tiers — the near cache (L1), the partitioned IMap (L2) and MongoDB behind its MapStore
 * (L3). Answers are encrypted here, inside the application, before they reach the grid.
 *
 * <p>Works the same over an embedded member or a thin client: build one per
 * {@link HazelcastInstance} whose configuration went through {@link CareCacheGrid}.
 *
 * <pre>{@code
 * CareCache cache = CareCache.builder(hazelcast).keyRing(KeyRing.fromEnvironment()).build();
 * LookupResult r = cache.getOrCompute(CacheRequest.shared(question, context), pipeline::answer);
 * }</pre>
 *
 * <p>Thread-safe. Closing the facade does not shut the Hazelcast instance down.
 */
public final class CareCache implements AutoCloseable {
    /** The audit trail's actor for calls without a user when no {@link Builder#serviceId} is given. */
    public static final String DEFAULT_SERVICE_ID = "carecache-application";
    private static final Duration ERASURE_TIMEOUT = Duration.ofSeconds(30);
    private final IMap<String, CacheEntry> map;
    private final CacheSettings settings;
    private final EnvelopeCodec codec;
    private final NearCacheProbe l1;
    private final RequestValidator validator;
    private final TierCounters counters = new TierCounters();
    private final SingleFlight singleFlight = new SingleFlight();
    private final ClusterSingleFlight clusterFlight;
    private final PipelineBreaker breaker;
    private final UserRateLimiter limiter;
    private final PhiGate phi;
    private final Clock clock;
    private final HazelcastInstance hazelcast;
    private final List<Consumer<LookupResult>> observers = new CopyOnWriteArrayList<>();
    private final Optional<AutoCloseable> owned;
    private final Optional<SemanticStep> semantic;
    private final SubjectKeys subjectKeys;
    private final AuditTrail audit;
    private final IExecutorService erasureExecutor;

    private CareCache(Builder b) {
        this.settings = b.settings;
        this.clock = b.clock;
        this.hazelcast = b.hazelcast;
        this.owned = b.owned;
        this.map = b.hazelcast.getMap(settings.mapName());
        this.codec = new EnvelopeCodec(b.keyRing, settings, b.cipher);
        this.l1 = NearCacheProbe.of(map, ((SerializationServiceSupport) b.hazelcast).getSerializationService());
        this.validator = new RequestValidator(settings);
        map.addInterceptor(new TierInterceptor());
        this.limiter = new UserRateLimiter(b.hazelcast, b.rateLimits, counters);
        this.breaker = new PipelineBreaker(b.compute);
        this.phi = new PhiGate(PhiScreener.create(b.phiPolicy), counters);
        // Leases coordinate real time between processes: never the (possibly fixed) entry clock.
        this.clusterFlight = new ClusterSingleFlight(b.hazelcast.getMap(CareCacheGrid.IN_FLIGHT_MAP), b.compute,
                Clock.systemUTC());
        AeadCipher cipher = b.cipher;
        this.subjectKeys = new SubjectKeys(b.hazelcast.getMap(CareCacheGrid.SUBJECT_KEY_MAP), cipher, codec::keyRing, clock);
        this.audit = new AuditTrail(b.hazelcast.getMap(CareCacheGrid.AUDIT_MAP), b.serviceId, Clock.systemUTC());
        this.erasureExecutor = b.hazelcast.getExecutorService(CareCacheGrid.ERASURE_EXECUTOR);
        this.semantic = b.semanticIndex.map(index ->
                new SemanticStep(index, new QuestionSealer(codec::keyRing, cipher), b.semanticPolicy()));
    }

    /** Starts a facade over an embedded member or a thin client. */
    public static Builder builder(HazelcastInstance hazelcast) {
        return new Builder(hazelcast);
    }

    /**
     * Finds a cached answer: L1, then L2, then L3 through the MapStore. Never throws for a bad entry.
     * A request whose query or context carries PHI reads nothing: tier {@link Tier#BYPASS} with the categories.
     *
     * @throws RateLimitExceededException when the request's user has no tokens left
     */
    public LookupResult lookup(CacheRequest request) {
        long start = System.nanoTime();
        validate(request);
        acquire(request);
        Set<PhiCategory> phiFound = phi.screen(request);
        if (!phiFound.isEmpty()) {
            return bypass(request, start, phiFound, Optional.empty());
        }
        String key = CacheKeys.screenedKey(request);
        Found found = findOrMatch(request, key);
        counters.lookup(found.tier());
        auditLookup(request, key, found);
        return result(found, start);
    }

    /**
     * Encrypts and stores an answer in L2, and through the MapStore in L3. Nothing is written when
     * the query, the context or the answer carries PHI: the result names the categories.
     *
     * @throws WriteQueueFullException when the owning member's write-behind queue is full
     */
    public StoreResult store(CacheRequest request, CareResponse response) {
        Objects.requireNonNull(response, "response");
        validate(request);
        Set<PhiCategory> phiFound = EnumSet.noneOf(PhiCategory.class);
        phiFound.addAll(phi.screen(request));
        phiFound.addAll(phi.screen(response));
        if (!phiFound.isEmpty()) {
            audit.record(request.userId(), "store", "", Tier.BYPASS.name(), "phi_excluded", phiFound);
            return StoreResult.bypassed(phiFound);
        }
        return write(request, response);
    }

    private StoreResult write(CacheRequest request, CareResponse response) {
        String subject = subjectHash(request.scope());
        // Subject-scoped answers are sealed under the subject's own key, so forgetSubject can shred them.
        Optional<EnvelopeCodec.DataKey> subjectKey = subject.isEmpty() ? Optional.empty()
                : Optional.of(subjectKeys.forWriting(subject));
        byte[] json = codec.serialize(response);
        String key = CacheKeys.key(request);
        long now = clock.millis();
        EnvelopeCodec.EntryMetadata meta = new EnvelopeCodec.EntryMetadata(now,
                now + settings.l3Ttl().toMillis(), CacheKeys.fingerprint(request.context()),
                request.context().careContexts().stream().toList(), request.scope().kind(), subject);
        CacheEntry entry = subjectKey.isPresent() ? codec.seal(key, json, meta, subjectKey.get()) : codec.seal(key, json, meta);
        try {
            map.set(key, entry, settings.l2Ttl().toSeconds(), TimeUnit.SECONDS);
        } catch (com.hazelcast.map.ReachedMaxSizeException e) {
            // Hazelcast refuses the put before it changes the map: nothing of this write is cached.
            throw new WriteQueueFullException("the write-behind queue of the member owning this key is full ("
                    + e.getMessage() + "; limit " + WriteQueueFullException.SETTING
                    + ", 1-10000000 entries per member): MongoDB is not taking writes; retry later", e);
        }
        audit.record(request.userId(), "store", key, Tier.L2.name(), "stored", Set.of());
        semantic.ifPresent(s -> s.index(request, key, entry.fingerprint(), entry.expiresAtMillis()));
        counters.write();
        return StoreResult.ok();
    }

    /**
     * Returns the cached answer, or runs {@code loader} once for concurrent misses of the same key
     * across the whole cluster, stores its answer and returns it with tier {@link Tier#MISS};
     * callers missing meanwhile, on any member or client, wait for that answer
     * ({@link ComputeSettings#waitTimeout()} at most).
     *
     * <p>PHI in the query or context: the loader runs for this caller alone and its answer comes
     * back with tier {@link Tier#BYPASS}; no tier is read or written. PHI in the computed answer:
     * it is returned (tier {@link Tier#MISS}, the categories in {@link LookupResult#phiCategories()})
     * but never stored.
     *
     * @throws ComputeFailedException when the loader throws, here or where it ran for this key; nothing is cached
     * @throws PipelineUnavailableException when the loader failed so often that its circuit breaker is open
     * @throws RateLimitExceededException when the request's user has no tokens left
     */
    public LookupResult getOrCompute(CacheRequest request, ResponseLoader loader) {
        long start = System.nanoTime();
        validate(request);
        acquire(request);
        Set<PhiCategory> phiFound = phi.screen(request);
        if (!phiFound.isEmpty()) {
            return bypass(request, start, phiFound, Optional.of(computeUncached(loader, request)));
        }
        String key = CacheKeys.key(request);
        Found found = findOrMatch(request, key);
        auditLookup(request, key, found);
        if (found.response().isPresent()) {
            counters.lookup(found.tier());
            return result(found, start);
        }
        counters.lookup(Tier.MISS);
        breaker.checkAvailable();
        // In-process coalescing first, so one process holds at most one lease per key.
        CareResponse computed = singleFlight.run(key, () -> clusterFlight.run(key, () -> findWritten(key), () -> {
            CareResponse response = breaker.call(() -> compute(loader, request));
            Set<PhiCategory> inAnswer = phi.screen(response);
            if (inAnswer.isEmpty()) {
                write(request, response);
            } else {
                counters.responseWithheld();
                audit.record(request.userId(), "store", key, Tier.MISS.name(), "response_withheld", inAnswer);
            }
            return response;
        }));
        return result(new Found(Tier.MISS, Optional.of(computed), OptionalDouble.empty(), found.degraded()), start,
                phi.categoriesOf(computed));
    }

    /** A request carrying PHI: no key, no tier read or written; counted and audited with its categories. */
    private LookupResult bypass(CacheRequest request, long start, Set<PhiCategory> phiFound,
                                Optional<CareResponse> computed) {
        counters.lookup(Tier.BYPASS);
        audit.record(request.userId(), "lookup", "", Tier.BYPASS.name(), "phi_bypass", phiFound);
        return result(new Found(Tier.BYPASS, computed, OptionalDouble.empty(), false), start, phiFound);
    }

    /** Runs the loader for this caller alone, behind the breaker: the request may not touch the cache. */
    private CareResponse computeUncached(ResponseLoader loader, CacheRequest request) {
        breaker.checkAvailable();
        try {
            return breaker.call(() -> compute(loader, request));
        } catch (CareCacheException e) {
            throw e;
        } catch (Exception e) {
            throw new ComputeFailedException("the response loader failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static CareResponse compute(ResponseLoader loader, CacheRequest request) throws Exception {
        CareResponse r = loader.compute(request);
        if (r == null) {
            throw new IllegalStateException("the loader returned null");
        }
        return r;
    }

    /** Removes the answer from every tier. Returns whether one was cached. */
    public boolean invalidate(CacheRequest request) {
        validate(request);
        String key = CacheKeys.key(request);
        semantic.ifPresent(s -> s.remove(key));
        return map.remove(key) != null;
    }

    /**
     * This facade's statistics in the seed's structure. Circuit states are this process's: the
     * pipeline breaker, plus the member's {@code mongodb} breaker when the facade runs on a member;
     * a thin client shows only its own (each member exposes its {@code mongodb} state itself).
     */
    public CacheStats stats() {
        CacheStats s = counters.snapshot(l1.stats().map(n -> n.getEvictions()).orElse(0L),
                circuitStates(), audit.dropped());
        // Clustering and warming run on the members: their grid-wide counts come from the index.
        SemanticIndex.Activity grid = semantic.map(SemanticStep::activity).orElse(new SemanticIndex.Activity(0, 0));
        return new CacheStats(s.performance(), s.security(), new CacheStats.Optimization(grid.clustersCreated(),
                s.optimization().clusterCacheHits(), grid.warmedEntries()), s.protection());
    }

    // This process's breakers: the pipeline's, plus a member's own (MongoDB) when embedded in one.
    private Map<String, String> circuitStates() {
        Map<String, String> states = new java.util.TreeMap<>(MemberCircuits.states(hazelcast));
        states.put(PipelineBreaker.NAME, breaker.state());
        return states;
    }

    /** Switches to another key ring: new writes use its active key; entries under keys it holds still decrypt. */
    public void useKeyRing(KeyRing keyRing) {
        codec.useKeyRing(Objects.requireNonNull(keyRing, "keyRing"));
        audit.recordAdmin("key_rotation", "", "rotated", "active_key_id=" + keyRing.activeKeyId());
    }

    /**
     * Moves every cached entry to the key ring's active key after a rotation ({@link #useKeyRing}):
     * entries in the grid and those only in MongoDB are opened here and sealed again under the active
     * key, each replaced only if unchanged meanwhile (a newer write wins); subject keys are re-wrapped,
     * and the questions the semantic index keeps sealed (when this cache has one) are sealed again.
     * When the report is {@linkplain ReencryptionReport#complete() complete}, older keys can leave the ring.
     *
     * @throws ReencryptionFailedException when the stored entries could not be listed; running it again finishes
     */
    public ReencryptionReport reencrypt() {
        ReencryptionReport entries = new Reencryptor(map, hazelcast.getMap(CareCacheGrid.SUBJECT_KEY_MAP), subjectKeys, codec,
                erasureExecutor, clock).run();
        ReencryptionReport report = semantic.isEmpty() ? entries : withQuestions(entries, semantic.get());
        audit.recordAdmin("reencryption", "", report.complete() ? "complete" : "incomplete",
                "active_key_id=" + report.activeKeyId() + " reencrypted=" + report.reencrypted()
                        + " unreadable=" + report.unreadable() + " questions_resealed=" + report.questions().resealed()
                        + " questions_unreadable=" + report.questions().unreadable());
        return report;
    }

    private static void forgetQuestions(SemanticStep semantic, String subjectHash) {
        try {
            semantic.forgetSubject(subjectHash);
        } catch (RuntimeException e) {
            throw new ErasureFailedException("the subject's key is deleted but its questions in the semantic index could not be ("
                    + e.getClass().getSimpleName() + "); call forgetSubject again", e);
        }
    }

    private static ReencryptionReport withQuestions(ReencryptionReport entries, SemanticStep semantic) {
        ReencryptionReport.Questions questions;
        try {
            questions = semantic.resealQuestions(entries.activeKeyId());
        } catch (RuntimeException e) {
            throw new ReencryptionFailedException("listing the semantic index's questions under older keys failed ("
                    + e.getClass().getSimpleName() + "); entries moved so far stay moved, run it again", e);
        }
        return new ReencryptionReport(entries.activeKeyId(), entries.scanned(), entries.reencrypted(), entries.skipped(),
                entries.unreadable(), entries.subjectKeysRewrapped(), questions);
    }

    /**
     * Erases everything cached for one subject (crypto-shredding). The subject's data key is deleted
     * first, from the grid and MongoDB: from then on no copy of its entries anywhere (a backup, a
     * snapshot, an entry copied out) decrypts. Then its entries leave L1 and L2 (and L3 through the
     * MapStore), and a member deletes its documents still in MongoDB only.
     *
     * @return the number of MongoDB documents deleted directly (entries no longer in the grid)
     * @throws InvalidRequestException when {@code subjectId} is blank or not valid Unicode
     * @throws ErasureFailedException when the key could not be deleted, or it is gone but stored documents
     *         could not all be deleted (MongoDB unreachable, say); calling again finishes the erasure
     */
    public long forgetSubject(String subjectId) {
        RequestValidator.checkText("subjectId", new Scope.Subject(subjectId).subjectId());
        String hash = CacheKeys.subjectHash(subjectId);
        try {
            subjectKeys.forget(hash);
        } catch (RuntimeException e) {
            throw new ErasureFailedException("the subject's key could not be deleted (" + e.getClass().getSimpleName()
                    + "); nothing was erased, call forgetSubject again", e);
        }
        var ofSubject = Predicates.<String, CacheEntry>equal("subjectHash", hash);
        // Questions in the semantic index are sealed under the application's key, not the subject's:
        // shredding does not reach them, so they go too (those of entries only in MongoDB included).
        semantic.ifPresent(s -> forgetQuestions(s, hash));
        map.removeAll(ofSubject);
        long deleted = EraseSubjectTask.runOnAMember(erasureExecutor, hash, ERASURE_TIMEOUT);
        audit.recordAdmin("erasure", hash, "erased", "l3_documents_deleted=" + deleted);
        return deleted;
    }

    /** The settings this facade runs with. */
    public CacheSettings settings() {
        return settings;
    }

    /**
     * Stops renewing compute leases and sends queued audit events. The Hazelcast instance stays up,
     * unless this facade owns it (built by {@link CareCacheClient}): then its client shuts down too.
     */
    @Override
    public void close() {
        clusterFlight.close();
        audit.close();
        owned.ifPresent(CareCache::closeOwned);
    }

    /** Sees every {@link LookupResult} this facade returns; {@link CareCacheMetrics} records latencies from it. */
    void observe(Consumer<LookupResult> observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Hazelcast's statistics of this facade's near cache (L1), if it has one. */
    Optional<NearCacheStats> nearCacheStats() {
        return l1.stats();
    }

    private void validate(CacheRequest request) {
        validator.validate(request);
        semantic.ifPresent(s -> s.checkVector(request));
    }

    private void acquire(CacheRequest request) {
        try {
            limiter.acquire(request);
        } catch (RateLimitExceededException e) {
            audit.record(request.userId(), "lookup", CacheKeys.key(request), "", "rate_limited", Set.of());
            throw e;
        }
    }

    private void auditLookup(CacheRequest request, String key, Found found) {
        audit.record(request.userId(), "lookup", key, found.tier().name(),
                found.response().isPresent() ? "hit" : found.degraded() ? "degraded_miss" : "miss", Set.of());
    }

    // Exact tiers first; on a miss, the semantic step (when the node provides an index).
    private Found findOrMatch(CacheRequest request, String key) {
        Found exact = find(key);
        if (exact.response().isPresent() || semantic.isEmpty()) {
            return exact;
        }
        return semantic.get().match(request, key, CacheKeys.fingerprint(request.context()))
                .map(m -> {
                    Found near = find(m.cacheKey());
                    if (near.response().isEmpty()) {
                        return exact;
                    }
                    if (m.viaCluster()) {
                        counters.clusterHit();
                    }
                    return new Found(Tier.SEMANTIC, near.response(), OptionalDouble.of(m.similarity()), false);
                })
                .orElse(exact);
    }

    private Found find(String key) {
        Optional<CacheEntry> near = l1.peek(key);
        Tier tier;
        CacheEntry entry;
        if (near.isPresent()) {
            tier = Tier.L1;
            entry = near.get();
        } else {
            try {
                entry = map.get(key);
            } catch (RuntimeException e) {
                // L3 unreachable during a read-through, or the grid itself: a cache never fails the
                // assistant, it answers "not cached" and says it is degraded.
                return Found.DEGRADED_MISS;
            }
            if (entry == null) {
                return Found.MISS;
            }
            tier = entry.origin() == CacheEntry.ORIGIN_L3 ? Tier.L3 : Tier.L2;
        }
        if (entry.isExpiredAt(clock.millis())) {
            map.evict(key);
            return Found.MISS;
        }
        Optional<SecretKey> dataKey;
        try {
            dataKey = dataKey(key, entry);
        } catch (RuntimeException e) {
            return Found.DEGRADED_MISS; // the subject key could not be read (L3 down): not cached, for now
        }
        if (dataKey.isEmpty()) {
            return Found.MISS;
        }
        Optional<CareResponse> response = tier == Tier.L1 ? openFromL1(key, entry, dataKey.get())
                : codec.open(key, entry, dataKey.get());
        if (response.isEmpty()) {
            // Tampered or copied under another cache key: drop it everywhere so it is never served.
            counters.corruptEntry();
            map.delete(key);
            return Found.MISS;
        }
        return new Found(tier, response, OptionalDouble.empty(), false);
    }

    // An L1 hit opens the entry's uncompressed copy: inflating was most of a hit's CPU.
    private Optional<CareResponse> openFromL1(String key, CacheEntry entry, SecretKey dataKey) {
        Optional<CacheEntry> copy = l1.uncompressedCopy(key, entry);
        if (copy.isPresent()) {
            Optional<CareResponse> response = codec.open(key, copy.get(), dataKey);
            if (response.isPresent()) {
                return response;
            }
        }
        return codec.openUncompressed(key, entry, dataKey).map(opened -> {
            if (opened.uncompressed() != entry) {
                l1.keepUncompressedCopy(key, entry, opened.uncompressed());
            }
            return opened.response();
        });
    }

    /** The key the entry is sealed under; empty, the copy dropped, when this process cannot have it. */
    private Optional<SecretKey> dataKey(String key, CacheEntry entry) {
        Optional<SecretKey> found;
        if (SubjectKeys.isSubjectSealed(entry)) {
            Optional<WrappedSubjectKey> stored = subjectKeys.stored(entry.subjectHash());
            if (stored.isEmpty()) {
                // The subject was forgotten: this copy can never be read again, so it goes everywhere.
                map.delete(key);
                return Optional.empty();
            }
            found = subjectKeys.unwrapKey(stored.get());
        } else {
            found = codec.keyRing().secretKey(entry.keyId());
        }
        if (found.isEmpty()) {
            // Written under a key this process does not hold (e.g. mid-rotation, another instance is
            // ahead): not corrupt, so only this grid copy is evicted; L3 keeps it for key holders.
            counters.corruptEntry();
            map.evict(key);
        }
        return found;
    }

    /** The answer another process may have just stored: past a stale "absent" in L1. */
    private Optional<CareResponse> findWritten(String key) {
        l1.forget(key);
        return find(key).response();
    }

    private LookupResult result(Found found, long startNanos) {
        return result(found, startNanos, Set.of());
    }

    private LookupResult result(Found found, long startNanos, Set<PhiCategory> phiFound) {
        return observed(new LookupResult(found.tier(), found.response(), Duration.ofNanos(System.nanoTime() - startNanos),
                phiFound, found.similarity(), found.degraded()));
    }

    // Every result a public method returns passes through here (metrics see each tier and latency).
    private LookupResult observed(LookupResult result) {
        for (Consumer<LookupResult> observer : observers) {
            observer.accept(result);
        }
        return result;
    }

    private static void closeOwned(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the facade's Hazelcast client failed: " + e.getMessage(), e);
        }
    }

    private static String subjectHash(Scope scope) {
        return scope instanceof Scope.Subject s ? CacheKeys.subjectHash(s.subjectId()) : "";
    }

    private record Found(Tier tier, Optional<CareResponse> response, OptionalDouble similarity, boolean degraded) {
        static final Found MISS = new Found(Tier.MISS, Optional.empty(), OptionalDouble.empty(), false);
        static final Found DEGRADED_MISS = new Found(Tier.MISS, Optional.empty(), OptionalDouble.empty(), true);
    }

    /** Builds a {@link CareCache}. */
    public static final class Builder {
        /** The base cosine of a semantic hit unless {@link #semanticThreshold(double)} says otherwise. */
        public static final double DEFAULT_SEMANTIC_THRESHOLD = SemanticPolicy.DEFAULT_THRESHOLD;
        /** The addition margin of a semantic hit unless {@link #semanticMargins(double, double)} says otherwise. */
        public static final double DEFAULT_SEMANTIC_ADDITION_MARGIN = SemanticPolicy.DEFAULT_ADDITION_MARGIN;
        /** The swap margin of a semantic hit unless {@link #semanticMargins(double, double)} says otherwise. */
        public static final double DEFAULT_SEMANTIC_SWAP_MARGIN = SemanticPolicy.DEFAULT_SWAP_MARGIN;
        private final HazelcastInstance hazelcast;
        private KeyRing keyRing;
        private CacheSettings settings = CacheSettings.DEFAULTS;
        private AeadCipher cipher = new JceAesGcm();
        private Clock clock = Clock.systemUTC();
        private RateLimitSettings rateLimits = RateLimitSettings.DEFAULTS;
        private ComputeSettings compute = ComputeSettings.DEFAULTS;
        private Optional<AutoCloseable> owned = Optional.empty();
        private Optional<SemanticIndex> semanticIndex = Optional.empty();
        private double semanticThreshold = DEFAULT_SEMANTIC_THRESHOLD;
        private double semanticAdditionMargin = DEFAULT_SEMANTIC_ADDITION_MARGIN;
        private double semanticSwapMargin = DEFAULT_SEMANTIC_SWAP_MARGIN;
        private SemanticPolicy semanticVocabulary = SemanticPolicy.DEFAULT;
        private PhiPolicy phiPolicy = PhiPolicy.SEED;
        private String serviceId = DEFAULT_SERVICE_ID;

        private Builder(HazelcastInstance hazelcast) {
            this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        }

        /** The data keys; required. */
        public Builder keyRing(KeyRing ring) {
            this.keyRing = Objects.requireNonNull(ring, "keyRing");
            return this;
        }

        /** Settings; {@link CacheSettings#DEFAULTS} when not given. Must match the grid's map configuration. */
        public Builder settings(CacheSettings cacheSettings) {
            this.settings = Objects.requireNonNull(cacheSettings, "settings");
            return this;
        }

        /** The clock used for entry timestamps and expiry; the system clock by default. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Per-user limits; {@link RateLimitSettings#DEFAULTS} when not given. */
        public Builder rateLimits(RateLimitSettings limits) {
            this.rateLimits = Objects.requireNonNull(limits, "rateLimits");
            return this;
        }

        /** Single-flight and circuit breaker settings of {@code getOrCompute}; {@link ComputeSettings#DEFAULTS} when not given. */
        public Builder compute(ComputeSettings computeSettings) {
            this.compute = Objects.requireNonNull(computeSettings, "compute");
            return this;
        }

        /** A resource the facade closes with itself: the client {@link CareCacheClient} started. */
        Builder owning(AutoCloseable resource) {
            this.owned = Optional.of(resource);
            return this;
        }

        /** Enables semantic hits (tier {@link Tier#SEMANTIC}) through the node's index; off when not given. */
        public Builder semanticIndex(SemanticIndex index) {
            this.semanticIndex = Optional.of(index);
            return this;
        }

        /**
         * The base cosine a semantic hit needs, for a value calibrated on your own traffic with
         * {@code carecache-node.jar semantic-eval --pairs FILE} (which prints precision and recall
         * per base threshold); {@value #DEFAULT_SEMANTIC_THRESHOLD} when not given. The lexical check
         * and its margins apply on top of it (docs/operations.md). Prefer raising it to lowering it:
         * look-alike questions unseen in calibration cost precision first.
         *
         * @throws InvalidConfigurationException when not between 0.5 and 1
         */
        public Builder semanticThreshold(double threshold) {
            if (!(threshold >= 0.5 && threshold <= 1.0)) {
                throw new InvalidConfigurationException("semanticThreshold", "must be 0.5 to 1 (cosine), was " + threshold);
            }
            this.semanticThreshold = threshold;
            return this;
        }

        /**
         * Synonyms of your own traffic for the semantic check, beside the shipped consumer-health
         * vocabulary (which already folds common brand names onto their ingredient): each term's forms
         * (words, or phrases of up to four words) count as that term, so "Is Calpol safe in pregnancy?"
         * can answer "Is acetaminophen safe in pregnancy?" once {@code "acetaminophen" -> {"calpol"}}
         * is given. Take them from the missed
         * paraphrases {@code semantic-eval --show-errors --synonyms FILE} lists, and measure again:
         * a form that is not truly the same thing turns a look-alike into a wrong answer.
         *
         * @throws InvalidConfigurationException naming a term or form with no words or more than four
         */
        public Builder semanticSynonyms(Map<String, Set<String>> synonyms) {
            try {
                this.semanticVocabulary = SemanticPolicy.DEFAULT.withSynonyms(synonyms);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("semanticSynonyms", e.getMessage());
            }
            return this;
        }

        /**
         * How much more cosine than the base threshold a semantic hit needs when the two questions'
         * content terms differ: {@code addition} when one side adds terms, {@code swap} when each side
         * has terms the other lacks (after words that share a WordNet sense are paired off);
         * {@value #DEFAULT_SEMANTIC_ADDITION_MARGIN} and {@value #DEFAULT_SEMANTIC_SWAP_MARGIN} when not
         * given. A margin of 0.5 means never: by default no swap is served. Narrower margins trade
         * precision for recall on reworded look-alikes; measure a change with
         * {@code semantic-eval --margins ADDITION,SWAP}.
         *
         * @throws InvalidConfigurationException unless {@code 0 <= addition <= swap <= 0.5}
         */
        public Builder semanticMargins(double addition, double swap) {
            try {
                SemanticPolicy.DEFAULT.withMargins(addition, swap);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("semanticMargins", e.getMessage());
            }
            this.semanticAdditionMargin = addition;
            this.semanticSwapMargin = swap;
            return this;
        }

        private SemanticPolicy semanticPolicy() {
            return semanticVocabulary.atThreshold(semanticThreshold).withMargins(semanticAdditionMargin, semanticSwapMargin);
        }

        /**
         * Who the audit trail names for calls without a {@link CacheRequest#userId()}, and for
         * erasures and key rotations; {@value CareCache#DEFAULT_SERVICE_ID} when not given.
         */
        public Builder serviceId(String id) {
            if (id == null || id.isBlank() || id.length() > 256) {
                throw new InvalidConfigurationException("serviceId", "must be 1 to 256 characters of non-blank text");
            }
            this.serviceId = id;
            return this;
        }

        /** What PHI keeps requests and answers out of the cache; {@link PhiPolicy#SEED} when not given. */
        public Builder phiPolicy(PhiPolicy policy) {
            this.phiPolicy = Objects.requireNonNull(policy, "phiPolicy");
            return this;
        }

        public CareCache build() {
            if (keyRing == null) {
                throw new KeyRingException("a key ring is required: KeyRing.fromEnvironment(), fromFile(path) or generate(id)");
            }
            return new CareCache(this);
        }
    }
}
