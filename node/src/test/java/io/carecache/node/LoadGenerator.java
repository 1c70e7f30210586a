package io.carecache.node;

import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.LookupResult;
import io.carecache.StoreResult;
import io.carecache.Tier;
import io.carecache.internal.keys.CacheKeys;
import io.github.bucket4j.Bucket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Load from one thin client: {@code threads} threads sharing a rate of {@code opsPerSecond}, each
 * operation a {@code store} of a new answer ({@code writeShare} of them) or a {@code lookup} of an
 * answer whose store was acknowledged. Every acknowledged store is remembered, so the tests can
 * check afterwards that none was lost; every lookup of an acknowledged answer is checked as it runs.
 */
final class LoadGenerator implements AutoCloseable {
    private static final CareContext CONTEXT = CareContext.builder("reliability-model", "p1").careContext("cardiology").build();
    private static final int ERROR_SAMPLES = 50;
    private static final int READ_BACK_THREADS = 8;

    private final CareCache cache;
    private final String prefix;
    private final int threads;
    private final int opsPerSecond;
    private final double writeShare;
    private final Bucket rate;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    private final List<Integer> acknowledgedIds = new ArrayList<>();
    private final Counters counters = new Counters();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private long startNanos;
    private long stopNanos;

    LoadGenerator(CareCache cache, String prefix, int threads, int opsPerSecond, double writeShare) {
        this.cache = cache;
        this.prefix = prefix;
        this.threads = threads;
        this.opsPerSecond = opsPerSecond;
        this.writeShare = writeShare;
        this.rate = Bucket.builder().addLimit(limit -> limit.capacity(Math.max(1, opsPerSecond / 10))
                .refillGreedy(opsPerSecond, Duration.ofSeconds(1))).build();
    }

    static CacheRequest request(String prefix, int id) {
        return CacheRequest.shared(prefix + " question " + id + " about blood pressure", CONTEXT);
    }

    static CareResponse answer(String prefix, int id) {
        return new CareResponse(prefix + " answer " + id, List.of("aha"), 0.8);
    }

    LoadGenerator start() {
        running = true;
        startNanos = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(this::run, prefix + "-load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        return this;
    }

    /** Stops the load and waits for the threads; the figures are final afterwards. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(30).toMillis());
        }
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
        }
    }

    private void run() {
        while (running) {
            try {
                rate.asBlocking().consume(1);
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            if (ThreadLocalRandom.current().nextDouble() < writeShare || acknowledgedCount() == 0) {
                store();
            } else {
                lookup();
            }
        }
    }

    private void store() {
        int id = nextId.getAndIncrement();
        CacheRequest request = request(prefix, id);
        try {
            StoreResult result = cache.store(request, answer(prefix, id));
            if (!result.stored()) {
                counters.storesBypassed.incrementAndGet();
                sample("store " + id + " bypassed: " + result.phiCategories());
                return;
            }
            acknowledged.put(CacheKeys.key(request), id);
            synchronized (acknowledgedIds) {
                acknowledgedIds.add(id);
            }
            counters.storesAcknowledged.incrementAndGet();
        } catch (RuntimeException e) {
            counters.storeErrors.incrementAndGet();
            sample("store " + id + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void lookup() {
        int id;
        synchronized (acknowledgedIds) {
            id = acknowledgedIds.get(ThreadLocalRandom.current().nextInt(acknowledgedIds.size()));
        }
        counters.reads.incrementAndGet();
        try {
            LookupResult result = cache.lookup(request(prefix, id));
            counters.readsByTier.computeIfAbsent(result.tier(), t -> new AtomicLong()).incrementAndGet();
            if (result.isHit()) {
                if (!result.response().equals(Optional.of(answer(prefix, id)))) {
                    counters.wrongAnswers.incrementAndGet();
                    sample("lookup " + id + " answered " + result.response());
                }
            } else if (result.degraded()) {
                counters.degradedReads.incrementAndGet();
                sample("lookup " + id + ": degraded " + result.tier());
            } else {
                counters.lostReads.incrementAndGet();
                sample("lookup " + id + ": acknowledged answer missing (" + result.tier() + ")");
            }
        } catch (RuntimeException e) {
            counters.readErrors.incrementAndGet();
            sample("lookup " + id + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void sample(String error) {
        if (errorSamples.size() < ERROR_SAMPLES) {
            errorSamples.add(String.format("+%.1fs %s", (System.nanoTime() - startNanos) / 1e9, error));
        }
    }

    private int acknowledgedCount() {
        synchronized (acknowledgedIds) {
            return acknowledgedIds.size();
        }
    }

    /** Cache key of every acknowledged store, with the id its request and answer were made from. */
    Map<String, Integer> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    String prefix() {
        return prefix;
    }

    /** The counters now. */
    Snapshot snapshot() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return new Snapshot(threads, opsPerSecond, Duration.ofNanos(end - startNanos), counters.storesAcknowledged.get(),
                counters.storesBypassed.get(), counters.storeErrors.get(), counters.reads.get(), counters.degradedReads.get(),
                counters.readErrors.get(), counters.lostReads.get(), counters.wrongAnswers.get(),
                counters.readsByTier.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(),
                        (a, b) -> a, () -> new EnumMap<>(Tier.class))), List.copyOf(errorSamples));
    }

    /**
     * Looks every acknowledged answer up through {@code cache} (normally a fresh client, so nothing
     * comes from its L1) and checks it; the tiers that answered, and every key that did not.
     */
    ReadBack readBack(CareCache reader) throws InterruptedException {
        Map<Tier, Long> tiers = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(READ_BACK_THREADS);
        try {
            for (int id : acknowledged().values()) {
                pool.execute(() -> {
                    LookupResult result = reader.lookup(request(prefix, id));
                    tiers.merge(result.tier(), 1L, Long::sum);
                    if (!result.response().equals(Optional.of(answer(prefix, id)))) {
                        failures.add(id + ": " + result.tier() + (result.degraded() ? " degraded" : "") + " " + result.response());
                    }
                });
            }
        } finally {
            pool.shutdown();
        }
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new AssertionError("reading back the acknowledged answers took over 5 minutes");
        }
        Map<Tier, Long> byTier = new EnumMap<>(Tier.class);
        byTier.putAll(tiers);
        return new ReadBack(byTier, List.copyOf(failures));
    }

    /** What {@link #readBack} found. */
    record ReadBack(Map<Tier, Long> tiers, List<String> failures) {
        @Override
        public String toString() {
            return "tiers " + tiers + ", " + failures.size() + " failed" + (failures.isEmpty() ? ""
                    : " e.g. " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private static final class Counters {
        final AtomicLong storesAcknowledged = new AtomicLong();
        final AtomicLong storesBypassed = new AtomicLong();
        final AtomicLong storeErrors = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong degradedReads = new AtomicLong();
        final AtomicLong readErrors = new AtomicLong();
        final AtomicLong lostReads = new AtomicLong();
        final AtomicLong wrongAnswers = new AtomicLong();
        final Map<Tier, AtomicLong> readsByTier = new ConcurrentHashMap<>();
    }

    /** The load's figures at one moment. */
    record Snapshot(int threads, int targetOpsPerSecond, Duration elapsed, long storesAcknowledged, long storesBypassed,
                    long storeErrors, long reads, long degradedReads, long readErrors, long lostReads, long wrongAnswers,
                    Map<Tier, Long> readsByTier, List<String> errorSamples) {

        long operations() {
            return storesAcknowledged + storesBypassed + storeErrors + reads;
        }

        /** Client-visible failures: stores that threw, lookups that threw or came back degraded. */
        long clientErrors() {
            return storeErrors + readErrors + degradedReads;
        }

        double opsPerSecond() {
            return operations() / Math.max(0.001, elapsed.toNanos() / 1e9);
        }

        /** Operations that happened after {@code earlier} was taken. */
        Snapshot since(Snapshot earlier) {
            Map<Tier, Long> tiers = new EnumMap<>(Tier.class);
            readsByTier.forEach((tier, n) -> {
                long inWindow = n - earlier.readsByTier.getOrDefault(tier, 0L);
                if (inWindow > 0) {
                    tiers.put(tier, inWindow);
                }
            });
            return new Snapshot(threads, targetOpsPerSecond, elapsed.minus(earlier.elapsed),
                    storesAcknowledged - earlier.storesAcknowledged, storesBypassed - earlier.storesBypassed,
                    storeErrors - earlier.storeErrors, reads - earlier.reads, degradedReads - earlier.degradedReads,
                    readErrors - earlier.readErrors, lostReads - earlier.lostReads, wrongAnswers - earlier.wrongAnswers,
                    tiers, errorSamples);
        }

        @Override
        public String toString() {
            return String.format("%d threads, %.0f ops/s (target %d) over %.1f s: %d stores acknowledged, %d store errors, "
                            + "%d bypassed; %d lookups %s, %d degraded, %d errors, %d lost, %d wrong; client errors %d; samples %s",
                    threads, opsPerSecond(), targetOpsPerSecond, elapsed.toNanos() / 1e9, storesAcknowledged, storeErrors,
                    storesBypassed, reads, readsByTier, degradedReads, readErrors, lostReads, wrongAnswers, clientErrors(),
                    errorSamples);
        }
    }
}
