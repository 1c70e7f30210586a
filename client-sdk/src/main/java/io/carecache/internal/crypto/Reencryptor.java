package io.carecache.internal.crypto;

import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.ReencryptionFailedException;
import io.carecache.ReencryptionReport;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.grid.FindStaleKeysTask;
import io.carecache.internal.grid.ReplaceEnvelope;
import io.carecache.internal.grid.WrappedSubjectKey;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The re-encryption job after a key rotation. It runs where the keys are — in the application:
 * members list the keys of what is stored under an older key (the grid by a query on the clear
 * {@code keyId}; MongoDB, which also holds entries evicted from the grid, through the members'
 * {@code StaleKeyFinder}), and this class opens each entry with the ring and seals it again under
 * the active key. The new envelope replaces the old only if the entry is unchanged (same nonce), so
 * a newer write made meanwhile is never overwritten. Subject-sealed entries keep their subject key;
 * that key is re-wrapped under the active key instead. Not thread-safe; one run at a time.
 */
public final class Reencryptor {
    private static final int PAGE = 500;
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    private final IMap<String, CacheEntry> entries;
    private final IMap<String, WrappedSubjectKey> subjectKeyMap;
    private final SubjectKeys subjectKeys;
    private final EnvelopeCodec codec;
    private final IExecutorService executor;
    private final Clock clock;

    public Reencryptor(IMap<String, CacheEntry> entries, IMap<String, WrappedSubjectKey> subjectKeyMap,
                       SubjectKeys subjectKeys, EnvelopeCodec codec, IExecutorService executor, Clock clock) {
        this.entries = entries;
        this.subjectKeyMap = subjectKeyMap;
        this.subjectKeys = subjectKeys;
        this.codec = codec;
        this.executor = executor;
        this.clock = clock;
    }

    /** Moves every entry and subject key to the ring's active key; see the class description. */
    public ReencryptionReport run() {
        KeyRing ring = codec.keyRing();
        String active = ring.activeKeyId();
        long scanned = 0;
        long reencrypted = 0;
        long skipped = 0;
        long unreadable = 0;
        for (List<String> page : pages(false, active, staleInGrid(active))) {
            for (String key : page) {
                scanned++;
                switch (reencrypt(key, active)) {
                    case REENCRYPTED -> reencrypted++;
                    case SKIPPED -> skipped++;
                    case UNREADABLE -> unreadable++;
                }
            }
        }
        long rewrapped = 0;
        for (List<String> page : pages(true, active, staleSubjectKeysInGrid(active))) {
            for (String subjectHash : page) {
                SubjectKeys.Rewrap outcome = subjectKeys.rewrap(subjectHash);
                if (outcome == SubjectKeys.Rewrap.REWRAPPED) {
                    rewrapped++;
                } else if (outcome == SubjectKeys.Rewrap.UNREADABLE) {
                    unreadable++;
                }
            }
        }
        return new ReencryptionReport(active, scanned, reencrypted, skipped, unreadable, rewrapped);
    }

    private enum Outcome { REENCRYPTED, SKIPPED, UNREADABLE }

    private Outcome reencrypt(String key, String active) {
        CacheEntry current = entries.get(key); // read-through: entries only in MongoDB load here
        if (current == null || current.keyId().equals(active) || SubjectKeys.isSubjectSealed(current)
                || current.isExpiredAt(clock.millis())) {
            return Outcome.SKIPPED;
        }
        Optional<CareResponse> answer = codec.open(key, current);
        if (answer.isEmpty()) {
            return Outcome.UNREADABLE;
        }
        EnvelopeCodec.EntryMetadata meta = new EnvelopeCodec.EntryMetadata(current.createdAtMillis(),
                current.expiresAtMillis(), current.fingerprint(), current.careContexts(), current.scope(),
                current.subjectHash());
        CacheEntry resealed = codec.seal(key, codec.serialize(answer.get()), meta);
        return Boolean.TRUE.equals(entries.executeOnKey(key, new ReplaceEnvelope(current.nonce(), resealed)))
                ? Outcome.REENCRYPTED : Outcome.SKIPPED;
    }

    // Grid keys first (writes not yet in MongoDB under write-behind), then MongoDB page by page.
    private Iterable<List<String>> pages(boolean subjects, String active, TreeSet<String> inGrid) {
        return () -> new java.util.Iterator<>() {
            private boolean gridDone;
            private String after = "";
            private List<String> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = fetch();
                }
                return !next.isEmpty();
            }

            @Override
            public List<String> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                List<String> out = next;
                next = null;
                return out;
            }

            private List<String> fetch() {
                if (!gridDone) {
                    gridDone = true;
                    if (!inGrid.isEmpty()) {
                        return List.copyOf(inGrid);
                    }
                }
                while (true) {
                    List<String> page = stored(subjects, active, after);
                    if (page.isEmpty()) {
                        return page;
                    }
                    after = page.get(page.size() - 1);
                    List<String> fresh = page.stream().filter(k -> !inGrid.contains(k)).toList();
                    if (!fresh.isEmpty()) {
                        return fresh;
                    }
                }
            }
        };
    }

    private TreeSet<String> staleInGrid(String active) {
        return new TreeSet<>(entries.keySet(Predicates.and(
                Predicates.notEqual("keyId", active),
                Predicates.not(Predicates.like("keyId", SubjectKeys.KEY_ID_PREFIX + "%")))));
    }

    private TreeSet<String> staleSubjectKeysInGrid(String active) {
        return new TreeSet<>(subjectKeyMap.keySet(Predicates.notEqual("wrappingKeyId", active)));
    }

    private List<String> stored(boolean subjects, String active, String after) {
        try {
            return executor.submit(new FindStaleKeysTask(subjects, active, after, PAGE))
                    .get(TASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReencryptionFailedException("listing stored entries under older keys failed ("
                    + e.getClass().getSimpleName() + "); entries moved so far stay moved, run it again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReencryptionFailedException("interrupted while listing stored entries under older keys", e);
        }
    }
}
