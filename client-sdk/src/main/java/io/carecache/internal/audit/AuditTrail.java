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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK side of the audit trail. {@link #record} only offers the event's raw fields to a bounded,
 * lock-free in-process queue, so serving never waits on the audit sink; the event id (a random
 * UUID) and the key hash are made by the background thread, off the request path; a background thread sends the queue in
 * batches to the grid map {@link #MAP}, whose write-behind MapStore on the members appends them to
 * MongoDB ({@code cache_audit}). An event the queue cannot take, or a batch the grid refuses, is
 * counted in {@link #dropped()}, never retried in the request path. Thread-safe.
 */
public final class AuditTrail implements AutoCloseable {
    /** The grid map the events travel through, keyed by event id. */
    public static final String MAP = "carecache-audit";
    static final int QUEUE_CAPACITY = 10_000;
    static final int BATCH_SIZE = 500;
    static final long FLUSH_INTERVAL_MILLIS = 200;
    /** Hex characters of the cache key's hash kept in an event: identifies an entry, reveals nothing more. */
    static final int KEY_HASH_CHARS = 16;

    private final IMap<String, AuditEvent> sink;
    private final String serviceId;
    private final Clock clock;
    // Many producers, one consumer at a time; the counter bounds it (ConcurrentLinkedQueue.size() is O(n)).
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditTrail::newDigest);
    private final LongAdder dropped = new LongAdder();
    private final ScheduledExecutorService flusher;

    public AuditTrail(IMap<String, AuditEvent> sink, String serviceId, Clock clock) {
        this(sink, serviceId, clock, Duration.ofMillis(FLUSH_INTERVAL_MILLIS));
    }

    /** With another background flush interval (tests that need everything in one batch). */
    AuditTrail(IMap<String, AuditEvent> sink, String serviceId, Clock clock, Duration flushInterval) {
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

    /** Records an event about a cache entry; never blocks, never throws. */
    public void record(Optional<String> userId, String action, String cacheKey, String tier, String outcome,
                       Set<PhiCategory> phi) {
        offer(new Pending(userId.orElse(serviceId), action, cacheKey, true, tier, outcome, phi, "", clock.millis()));
    }

    /** Records an event about no single entry (an erasure, a key rotation); never blocks, never throws. */
    public void recordAdmin(String action, String subjectHash, String outcome, String detail) {
        offer(new Pending(serviceId, action, subjectHash.substring(0, Math.min(KEY_HASH_CHARS, subjectHash.length())),
                false, "", outcome, Set.of(), detail, clock.millis()));
    }

    /** Events lost: the local queue was full or the grid refused a batch. */
    public long dropped() {
        return dropped.sum();
    }

    /** Sends what is queued now, in batches, and waits for the grid to take them (for shutdown and tests). */
    public void flush() {
        List<AuditEvent> batch;
        while (!(batch = drain()).isEmpty()) {
            send(batch, true);
        }
    }

    /** Sends what is queued and stops the background thread. */
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

    private void offer(Pending event) {
        if (queued.incrementAndGet() > QUEUE_CAPACITY) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(event);
    }

    /**
     * Up to {@link #BATCH_SIZE} events made from the queue: identical accesses (all fields but the
     * time) become one event with their count and first and last times, so the hash and the UUID are
     * made once per distinct access rather than per access. Polls at most {@link #QUEUE_CAPACITY}
     * accesses, so a steady stream of producers cannot keep the flusher in one batch.
     */
    private List<AuditEvent> drain() {
        Map<Pending, Group> groups = new LinkedHashMap<>();
        Pending p;
        int polled = 0;
        while (groups.size() < BATCH_SIZE && polled < QUEUE_CAPACITY && (p = queue.poll()) != null) {
            queued.decrementAndGet();
            polled++;
            Group g = groups.get(p);
            if (g == null) {
                groups.put(p, new Group(p));
            } else {
                g.add(p.atMillis());
            }
        }
        List<AuditEvent> batch = new ArrayList<>(groups.size());
        groups.values().forEach(g -> batch.add(g.toEvent()));
        return batch;
    }

    private void flushSafely() {
        try {
            List<AuditEvent> batch;
            while (!(batch = drain()).isEmpty()) {
                send(batch, false);
            }
        } catch (RuntimeException e) {
            // The grid is gone or shutting down: what was drained is counted as dropped by send.
        }
    }

    private void send(List<AuditEvent> batch, boolean await) {
        Map<String, AuditEvent> byId = new LinkedHashMap<>(batch.size() * 2);
        long n = 0;
        for (AuditEvent e : batch) {
            byId.put(e.id(), e);
            n += e.count();
        }
        long accesses = n;
        try {
            var future = sink.putAllAsync(byId).toCompletableFuture().whenComplete((v, failure) -> {
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
     * What the request path hands over: the raw fields only. The cache key is kept until the
     * flusher hashes it (it is a hash already, not text), the PHI categories as the caller's set.
     * Equality leaves out the time: two accesses equal but for when they happened are merged.
     */
    private record Pending(String actor, String action, String key, boolean hashKey, String tier, String outcome,
                           Set<PhiCategory> phi, String detail, long atMillis) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pending p && hashKey == p.hashKey && key.equals(p.key) && outcome.equals(p.outcome)
                    && tier.equals(p.tier) && action.equals(p.action) && actor.equals(p.actor)
                    && detail.equals(p.detail) && phi.equals(p.phi);
        }

        @Override
        public int hashCode() {
            return Objects.hash(actor, action, key, hashKey, tier, outcome, phi, detail);
        }
    }

    /** The accesses of one batch equal to its first. */
    private static final class Group {
        private final Pending first;
        private long firstAt;
        private long lastAt;
        private long count = 1;

        Group(Pending first) {
            this.first = first;
            this.firstAt = first.atMillis();
            this.lastAt = firstAt;
        }

        void add(long atMillis) {
            count++;
            // Threads read the clock before they enqueue: the queue's order is nearly, not strictly, time order.
            firstAt = Math.min(firstAt, atMillis);
            lastAt = Math.max(lastAt, atMillis);
        }

        AuditEvent toEvent() {
            Pending p = first;
            String keyHash = !p.hashKey() || p.key().isEmpty() ? p.key() : truncatedHash(p.key());
            List<String> categories = p.phi().isEmpty() ? List.of() : p.phi().stream().map(Enum::name).sorted().toList();
            return new AuditEvent(UUID.randomUUID().toString(), p.actor(), p.action(), keyHash, p.tier(), p.outcome(),
                    categories, p.detail(), firstAt, lastAt, count);
        }
    }
}
