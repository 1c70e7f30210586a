package io.carecache.internal.audit;

import com.hazelcast.map.IMap;
import io.carecache.PhiCategory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK side of the audit trail. {@link #record} only offers the event to a bounded in-process
 * queue, so serving never waits on the audit sink; a background thread sends the queue in
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
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final ScheduledExecutorService flusher;

    public AuditTrail(IMap<String, AuditEvent> sink, String serviceId, Clock clock) {
        this.sink = sink;
        this.serviceId = serviceId;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carecache-audit-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushSafely, FLUSH_INTERVAL_MILLIS, FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Records an event about a cache entry; never blocks, never throws. */
    public void record(Optional<String> userId, String action, String cacheKey, String tier, String outcome,
                       Set<PhiCategory> phi) {
        offer(new AuditEvent(UUID.randomUUID().toString(), userId.orElse(serviceId), action,
                cacheKey.isEmpty() ? "" : truncatedHash(cacheKey), tier, outcome,
                phi.stream().map(Enum::name).sorted().toList(), "", clock.millis()));
    }

    /** Records an event about no single entry (an erasure, a key rotation); never blocks, never throws. */
    public void recordAdmin(String action, String subjectHash, String outcome, String detail) {
        offer(new AuditEvent(UUID.randomUUID().toString(), serviceId, action,
                subjectHash.substring(0, Math.min(KEY_HASH_CHARS, subjectHash.length())), "", outcome, List.of(),
                detail, clock.millis()));
    }

    /** Events lost: the local queue was full or the grid refused a batch. */
    public long dropped() {
        return dropped.sum();
    }

    /** Sends what is queued now, in batches, and waits for the grid to take them (for shutdown and tests). */
    public void flush() {
        List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
        while (queue.drainTo(batch, BATCH_SIZE) > 0) {
            send(batch, true);
            batch = new ArrayList<>(BATCH_SIZE);
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

    private void offer(AuditEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    private void flushSafely() {
        try {
            List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
            while (queue.drainTo(batch, BATCH_SIZE) > 0) {
                send(batch, false);
                batch = new ArrayList<>(BATCH_SIZE);
            }
        } catch (RuntimeException e) {
            // The grid is gone or shutting down: what was drained is counted as dropped by send.
        }
    }

    private void send(List<AuditEvent> batch, boolean await) {
        Map<String, AuditEvent> byId = new LinkedHashMap<>(batch.size() * 2);
        batch.forEach(e -> byId.put(e.id(), e));
        int n = batch.size();
        try {
            var future = sink.putAllAsync(byId).toCompletableFuture().whenComplete((v, failure) -> {
                if (failure != null) {
                    dropped.add(n);
                }
            });
            if (await) {
                future.handle((v, failure) -> null).join();
            }
        } catch (RuntimeException e) {
            dropped.add(n);
        }
    }

    static String truncatedHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, KEY_HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
