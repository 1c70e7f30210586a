package io.carecache.internal.audit;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.carecache.CacheSettings;
import io.carecache.CareCacheGrid;
import io.carecache.PhiCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The SDK side of the audit trail over a real member: batches reach the grid; identical accesses of
 * a batch are one event with their count; a lost sink drops and counts.
 */
class AuditTrailTest {
    private final TestHazelcastFactory factory = new TestHazelcastFactory();
    private HazelcastInstance member;
    private IMap<String, AuditEvent> sink;
    private AuditTrail trail;

    @BeforeEach
    void start() {
        Config config = CareCacheGrid.configureMember(new Config().setClusterName("audit-" + UUID.randomUUID()),
                CacheSettings.DEFAULTS);
        member = factory.newHazelcastInstance(config);
        sink = member.getMap(AuditTrail.MAP);
        trail = new AuditTrail(sink, "svc", Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        trail.close();
        factory.terminateAll();
    }

    @Test
    void flush_liveGrid_everyEventInTheAuditMap() {
        for (int i = 0; i < 1_200; i++) {
            trail.record(Optional.empty(), "lookup", "key-" + i, "MISS", "miss", Set.of(PhiCategory.values()[0]));
        }

        trail.flush();

        assertThat(sink.size()).isEqualTo(1_200);
        assertThat(trail.dropped()).isZero();
    }

    @Test
    void record_sinkLost_neverThrowsAndCountsEveryDroppedEvent() {
        member.shutdown();

        for (int i = 0; i < 50; i++) {
            trail.record(Optional.of("u"), "store", "key-" + i, "L2", "stored", Set.of());
        }
        trail.flush();

        assertThat(trail.dropped()).isEqualTo(50);
    }

    @Test
    void record_queueFull_countsTheOverflowWithoutBlocking() {
        member.shutdown();
        int overflow = 25;

        for (int i = 0; i < AuditTrail.QUEUE_CAPACITY + overflow; i++) {
            trail.record(Optional.empty(), "lookup", "k", "MISS", "miss", Set.of());
        }
        trail.flush();

        // Overflowed or refused by the lost grid: every event is accounted for as dropped.
        assertThat(trail.dropped()).isEqualTo(AuditTrail.QUEUE_CAPACITY + overflow);
    }

    @Test
    void record_event_keepsOnlyATruncatedHashOfTheKey() {
        String key = "a".repeat(64);
        trail.record(Optional.of("dr-lee"), "lookup", key, "L1", "hit", Set.of());
        trail.flush();

        AuditEvent event = sink.values().iterator().next();
        assertThat(event.keyHash()).hasSize(AuditTrail.KEY_HASH_CHARS).isNotEqualTo(key.substring(0, 16));
        assertThat(event.actor()).isEqualTo("dr-lee");
    }

    @Test
    void record_sameHitManyTimesInOneBatch_storesOneEventWithCount() {
        AuditTrail oneBatch = oneBatchTrail(Clock.systemUTC());
        for (int i = 0; i < 1_000; i++) {
            oneBatch.record(Optional.of("dr-lee"), "lookup", "k", "L1", "hit", Set.of());
        }

        oneBatch.flush();

        assertThat(sink.values()).singleElement().satisfies(e -> {
            assertThat(e.count()).isEqualTo(1_000);
            assertThat(e.outcome()).isEqualTo("hit");
        });
    }

    @Test
    void record_differentOutcomes_areNotMerged() {
        AuditTrail oneBatch = oneBatchTrail(Clock.systemUTC());
        oneBatch.record(Optional.empty(), "lookup", "k", "MISS", "miss", Set.of());
        oneBatch.record(Optional.empty(), "lookup", "k", "MISS", "degraded_miss", Set.of());
        oneBatch.record(Optional.empty(), "lookup", "k", "MISS", "miss", Set.of());

        oneBatch.flush();

        assertThat(sink.values()).extracting(AuditEvent::outcome, AuditEvent::count)
                .containsExactlyInAnyOrder(tuple("miss", 2L), tuple("degraded_miss", 1L));
    }

    @Test
    void record_differentActorsOrPhiCategories_areNotMerged() {
        AuditTrail oneBatch = oneBatchTrail(Clock.systemUTC());
        oneBatch.record(Optional.of("a"), "lookup", "", "BYPASS", "phi_bypass", Set.of(PhiCategory.values()[0]));
        oneBatch.record(Optional.of("b"), "lookup", "", "BYPASS", "phi_bypass", Set.of(PhiCategory.values()[0]));
        oneBatch.record(Optional.of("a"), "lookup", "", "BYPASS", "phi_bypass", Set.of(PhiCategory.values()[1]));

        oneBatch.flush();

        assertThat(sink.values()).hasSize(3).allSatisfy(e -> assertThat(e.count()).isEqualTo(1));
    }

    @Test
    void record_sameHitAtSeveralTimes_keepsTheFirstAndLastTime() {
        AuditTrail oneBatch = oneBatchTrail(new TickingClock(1_000));
        for (int i = 0; i < 5; i++) {
            oneBatch.record(Optional.empty(), "lookup", "k", "L1", "hit", Set.of());
        }

        oneBatch.flush();

        AuditEvent e = sink.values().iterator().next();
        assertThat(e.atMillis()).isEqualTo(1_000);
        assertThat(e.lastAtMillis()).isEqualTo(1_004);
    }

    @Test
    void flush_afterCoalescing_countsEveryAccess() {
        int accesses = 0;
        for (int i = 0; i < 3_000; i++) {
            trail.record(Optional.of("u" + i % 7), "lookup", "key-" + i % 11, "L1", "hit", Set.of());
            accesses++;
        }

        trail.flush();

        assertThat(sink.values().stream().mapToLong(AuditEvent::count).sum()).isEqualTo(accesses);
        assertThat(trail.dropped()).isZero();
    }

    @Test
    void record_manyThreads_everyAccessCountedOrDropped() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        trail.record(Optional.of("u" + thread), "lookup", "key-" + i % 3, "L1", "hit", Set.of());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }

        trail.flush();

        long counted = sink.values().stream().mapToLong(AuditEvent::count).sum();
        assertThat(counted + trail.dropped()).isEqualTo((long) threads * perThread);
        assertThat(counted).isPositive();
    }

    @Test
    void read_eventWrittenWithoutCountOrLastTime_isOneAccess() {
        Config old = new Config().setClusterName("audit-old-" + UUID.randomUUID());
        old.setProperty("hazelcast.phone.home.enabled", "false");
        old.getSerializationConfig().getCompactSerializationConfig().addSerializer(new FirstVersionSerializer());
        HazelcastInstance oldMember = factory.newHazelcastInstance(old);
        oldMember.<String, AuditEvent>getMap("old-audit").put("e1",
                new AuditEvent("e1", "svc", "lookup", "0123456789abcdef", "L1", "hit", List.of(), "", 5_000));
        ClientConfig client = CareCacheGrid.configureClient(new ClientConfig().setClusterName(old.getClusterName()),
                CacheSettings.DEFAULTS, Optional.empty());
        client.setProperty("hazelcast.phone.home.enabled", "false");

        IMap<String, AuditEvent> read = factory.newHazelcastClient(client).getMap("old-audit");

        assertThat(read.get("e1")).satisfies(e -> {
            assertThat(e.count()).isEqualTo(1);
            assertThat(e.lastAtMillis()).isEqualTo(5_000);
            assertThat(e.keyHash()).isEqualTo("0123456789abcdef");
        });
    }

    private AuditTrail oneBatchTrail(Clock clock) {
        trail.close();
        trail = new AuditTrail(sink, "svc", clock, Duration.ofHours(1));
        return trail;
    }

    /** A clock one millisecond further on each read. */
    private static final class TickingClock extends Clock {
        private final AtomicLong next;

        TickingClock(long start) {
            next = new AtomicLong(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public long millis() {
            return next.getAndIncrement();
        }
    }

    /** How the first release wrote an event: no {@code lastAt}, no {@code count}. */
    private static final class FirstVersionSerializer implements CompactSerializer<AuditEvent> {
        @Override
        public AuditEvent read(CompactReader in) {
            throw new UnsupportedOperationException("write-only");
        }

        @Override
        public void write(CompactWriter out, AuditEvent e) {
            out.writeString("id", e.id());
            out.writeString("actor", e.actor());
            out.writeString("action", e.action());
            out.writeString("keyHash", e.keyHash());
            out.writeString("tier", e.tier());
            out.writeString("outcome", e.outcome());
            out.writeArrayOfString("phiCategories", e.phiCategories().toArray(String[]::new));
            out.writeString("detail", e.detail());
            out.writeInt64("at", e.atMillis());
        }

        @Override
        public String getTypeName() {
            return AuditEventSerializer.TYPE_NAME;
        }

        @Override
        public Class<AuditEvent> getCompactClass() {
            return AuditEvent.class;
        }
    }
}
