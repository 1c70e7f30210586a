package io.carecache.internal.audit;

import com.hazelcast.map.IMap;
import io.carecache.PhiCategory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK side of the audit trail. {@link #record} counts the access in a bounded in-process table
 * of pending accesses, keyed by everything but the time (actor, action, cache key, tier, outcome,
 * PHI categories, detail): an access identical to one already pending only increments its counter
 * and moves its last time, so serving never waits on the audit sink and a hot entry costs one
 * record per flush interval, not one per hit — yet every access is counted. A background thread
 * takes the pending accesses every {@value #FLUSH_INTERVAL_MILLIS} ms, makes one {@link AuditEvent}
 * per distinct access (random UUID, truncated key hash, count, first and last time) and sends them
 * in batches to the grid map {@link #MAP}, each batch in one partition ({@link AuditKey}), whose write-behind MapStore on the members appends them
 * to MongoDB ({@code cache_audit}). An access the table cannot take (it holds at most
 * {@value #QUEUE_CAPACITY} distinct accesses) or an event the grid refuses is counted in
 * {@link #dropped()} — one per access — never retried in the request path. Thread-safe.
 */
public final class AuditTrail implements AutoCloseable {
    /** The grid map the events travel through, keyed by {@link AuditKey} (event id, batch). */
    public static final String MAP = "carecache-audit";
    /** Distinct accesses pending at most; identical ones share a counter, so accesses are unbounded. */
    static final int QUEUE_CAPACITY = 10_000;
    static final int BATCH_SIZE = 500;
    static final long FLUSH_INTERVAL_MILLIS = 200;
    /** Hex characters of the cache key's hash kept in an event: identifies an entry, reveals nothing more. */
    static final int KEY_HASH_CHARS = 16;

    private final IMap<AuditKey, AuditEvent> sink;
    private final String serviceId;
    private final Clock clock;
    private final ConcurrentHashMap<Access, Tally> pending = new ConcurrentHashMap<>();
    // Bounds the table (ConcurrentHashMap.size() is a sum over cells, and it is checked before inserting).
    private final AtomicInteger distinct = new AtomicInteger();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditTrail::newDigest);
    private final LongAdder dropped = new LongAdder();
    private final ScheduledExecutorService flusher;

    public AuditTrail(IMap<AuditKey, AuditEvent> sink, String serviceId, Clock clock) {
        this(sink, serviceId, clock, Duration.ofMillis(FLUSH_INTERVAL_MILLIS));
    }

    /** With another background flush interval (tests that need everything in one batch). */
    AuditTrail(IMap<AuditKey, AuditEvent> sink, String serviceId, Clock clock, Duration flushInterval) {
        this.sink = sink;
        this.serviceId = serviceId;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carecache-audit-flusher");
            t.setDaemon(true);
            return t;
        });
        long every = flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /** Records an access to a cache entry; never blocks, never throws. */
    public void record(Optional<String> userId, String action, String cacheKey, String tier, String outcome,
                       Set<PhiCategory> phi) {
        count(new Access(userId.orElse(serviceId), action, cacheKey, true, tier, outcome, phi, ""), clock.millis());
    }

    /** Records an event about no single entry (an erasure, a key rotation); never blocks, never throws. */
    public void recordAdmin(String action, String subjectHash, String outcome, String detail) {
        count(new Access(serviceId, action, subjectHash.substring(0, Math.min(KEY_HASH_CHARS, subjectHash.length())),
                false, "", outcome, Set.of(), detail), clock.millis());
    }

    /** Accesses lost: the pending table was full or the grid refused their event. */
    public long dropped() {
        return dropped.sum();
    }

    /** Sends what is pending now, in batches, and waits for the grid to take them (for shutdown and tests). */
    public void flush() {
        sendPending(true);
    }

    /** Sends what is pending and stops the background thread. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushSafely();
    }

    private void count(Access access, long atMillis) {
        while (true) {
            Tally tally = pending.get(access);
            if (tally == null) {
                if (distinct.incrementAndGet() > QUEUE_CAPACITY) {
                    distinct.decrementAndGet();
                    dropped.increment();
                    return;
                }
                tally = pending.putIfAbsent(access, new Tally(atMillis));
                if (tally == null) {
                    return;
                }
                distinct.decrementAndGet();
            }
            if (tally.add(atMillis)) {
                return;
            }
            // The flusher took that tally between our get and add: count in a fresh one.
        }
    }

    /**
     * Up to {@link #BATCH_SIZE} events, one per distinct pending access. A tally is removed from the
     * table before it is sealed, so an access either lands in it before the seal or in a new tally.
     */
    private List<AuditEvent> drain() {
        List<AuditEvent> batch = new ArrayList<>();
        Iterator<Map.Entry<Access, Tally>> entries = pending.entrySet().iterator();
        while (batch.size() < BATCH_SIZE && entries.hasNext()) {
            Map.Entry<Access, Tally> e = entries.next();
            if (pending.remove(e.getKey(), e.getValue())) {
                distinct.decrementAndGet();
                batch.add(e.getKey().toEvent(e.getValue()));
            }
        }
        return batch;
    }

    /** One pass: stops after a short batch, so producers hitting the same entries cannot keep it going. */
    private void sendPending(boolean await) {
        List<AuditEvent> batch;
        do {
            batch = drain();
            if (!batch.isEmpty()) {
                send(batch, await);
            }
        } while (batch.size() == BATCH_SIZE);
    }

    private void flushSafely() {
        try {
            sendPending(false);
        } catch (RuntimeException e) {
            // The grid is gone or shutting down: what was drained is counted as dropped by send.
        }
    }

    private void send(List<AuditEvent> batch, boolean await) {
        String batchId = UUID.randomUUID().toString();
        Map<AuditKey, AuditEvent> byKey = new LinkedHashMap<>(batch.size() * 2);
        long n = 0;
        for (AuditEvent e : batch) {
            byKey.put(new AuditKey(e.id(), batchId), e);
            n += e.count();
        }
        long accesses = n;
        try {
            var future = sink.putAllAsync(byKey).toCompletableFuture().whenComplete((v, failure) -> {
                if (failure != null) {
                    dropped.add(accesses);
                }
            });
            if (await) {
                future.handle((v, failure) -> null).join();
            }
        } catch (RuntimeException e) {
            dropped.add(accesses);
        }
    }

    static String truncatedHash(String text) {
        byte[] digest = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, KEY_HASH_CHARS / 2);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /**
     * An access without its time: the key of the pending table. The cache key is kept until the
     * flusher hashes it (it is a hash already, not text), the PHI categories as the caller's set.
     */
    private record Access(String actor, String action, String key, boolean hashKey, String tier, String outcome,
                          Set<PhiCategory> phi, String detail) {
        AuditEvent toEvent(Tally tally) {
            long count = tally.seal();
            String keyHash = !hashKey || key.isEmpty() ? key : truncatedHash(key);
            List<String> categories = phi.isEmpty() ? List.of() : phi.stream().map(Enum::name).sorted().toList();
            return new AuditEvent(UUID.randomUUID().toString(), actor, action, keyHash, tier, outcome, categories,
                    detail, tally.firstAt.get(), Math.max(tally.firstAt.get(), tally.lastAt.get()), count);
        }
    }

    /**
     * The count and first and last time of one pending access. Sealed (count set negative) by the
     * flusher once it took the tally out of the table; {@link #add} then refuses, and the access is
     * counted in a fresh tally.
     */
    private static final class Tally {
        private static final long SEALED = Long.MIN_VALUE;
        private final AtomicLong count = new AtomicLong(1);
        private final AtomicLong firstAt;
        private final AtomicLong lastAt;

        Tally(long atMillis) {
            firstAt = new AtomicLong(atMillis);
            lastAt = new AtomicLong(atMillis);
        }

        boolean add(long atMillis) {
            // Times first, so the flusher, which seals before reading them, sees the times of all it counts.
            // Plain reads first: a hot entry writes its times once per millisecond, not once per hit.
            if (atMillis > lastAt.get()) {
                lastAt.accumulateAndGet(atMillis, Math::max);
            }
            if (atMillis < firstAt.get()) {
                firstAt.accumulateAndGet(atMillis, Math::min);
            }
            for (long c = count.get(); c != SEALED; c = count.get()) {
                if (count.compareAndSet(c, c + 1)) {
                    return true;
                }
            }
            return false;
        }

        long seal() {
            return count.getAndSet(SEALED);
        }
    }
}
