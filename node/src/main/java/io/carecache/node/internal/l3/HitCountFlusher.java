package io.carecache.node.internal.l3;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.carecache.internal.grid.MemberReadLog;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes one member's read counts to L3 in batches: every interval it drains the member's
 * {@link MemberReadLog} and sends one unordered bulk write of {@code $inc access_count} and
 * {@code $max last_accessed}, instead of one write per hit. Counts of entries not (yet) in
 * MongoDB are dropped; no document is created by a hit.
 */
public final class HitCountFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HitCountFlusher.class);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoCollection<Document> collection;
    private final MemberReadLog readLog;
    private final Clock clock;
    private final Object flushLock = new Object();
    private volatile java.util.function.Consumer<Map<String, Long>> observer = hits -> { };
    private ScheduledExecutorService scheduler;

    public HitCountFlusher(MongoCollection<Document> collection, MemberReadLog readLog, Clock clock) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.readLog = Objects.requireNonNull(readLog, "readLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Also hands every drained batch of read counts to {@code o} (the semantic lookup log), before MongoDB sees it. */
    public void observe(java.util.function.Consumer<Map<String, Long>> o) {
        this.observer = Objects.requireNonNull(o, "observer");
    }

    /** Flushes every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carecache-hit-flush");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes the counts gathered since the last flush.
     *
     * @return how many documents were updated
     * @throws MongoException when MongoDB cannot be written; the drained counts are lost
     */
    public int flush() {
        synchronized (flushLock) {
            Map<String, Long> hits = readLog.drainHits();
            if (hits.isEmpty()) {
                return 0;
            }
            try {
                observer.accept(hits);
            } catch (RuntimeException e) {
                LOG.warn("The read-count observer failed: {}", e.toString());
            }
            Date now = new Date(clock.millis());
            List<WriteModel<Document>> writes = new ArrayList<>(hits.size());
            hits.forEach((key, count) -> writes.add(new UpdateOneModel<>(Filters.eq(EntryDocuments.ID, key),
                    Updates.combine(Updates.inc(EntryDocuments.ACCESS_COUNT, count),
                            Updates.max(EntryDocuments.LAST_ACCESSED, now)))));
            return collection.bulkWrite(writes, UNORDERED).getMatchedCount();
        }
    }

    /** Stops the schedule and writes what is left. */
    @Override
    public void close() {
        synchronized (this) {
            if (scheduler != null) {
                scheduler.shutdown();
                try {
                    scheduler.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                scheduler = null;
            }
        }
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (MongoException e) {
            // Hit counts steer warming only; losing one batch during an outage is acceptable.
            LOG.warn("Could not write hit counts to MongoDB, dropped this batch: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Hit count flush failed", e);
        }
    }
}
