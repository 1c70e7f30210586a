package io.carecache.internal.audit;

import com.hazelcast.client.test.TestHazelcastFactory;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.CacheSettings;
import io.carecache.CareCacheGrid;
import io.carecache.PhiCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SDK side of the audit trail over a real member: batches reach the grid; a lost sink drops and counts. */
class AuditTrailTest {
    private final TestHazelcastFactory factory = new TestHazelcastFactory();
    private HazelcastInstance member;
    private IMap<AuditKey, AuditEvent> sink;
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
    void flush_oneBatch_landsInOnePartition() {
        for (int i = 0; i < 300; i++) {
            trail.record(Optional.empty(), "lookup", "key-" + i, "L2", "hit", Set.of());
        }

        trail.flush();

        // One message to one partition per batch, not one per partition 300 random ids hash to.
        assertThat(sink.keySet()).hasSize(300)
                .extracting(k -> member.getPartitionService().getPartition(k).getPartitionId())
                .containsOnly(member.getPartitionService().getPartition(sink.keySet().iterator().next()).getPartitionId());
    }

    @Test
    void record_sinkLost_neverThrowsAndCountsEveryDroppedEvent() {
        member.shutdown();

        for (int i = 0; i < 50; i++) {
            trail.record(Optional.of("u"), "store", "key-" + i, "L2", "stored", Set.of());
        }
        trail.flush();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(trail.dropped()).isEqualTo(50));
    }

    @Test
    void record_queueFull_countsTheOverflowWithoutBlocking() {
        member.shutdown();
        int overflow = 25;

        for (int i = 0; i < AuditTrail.QUEUE_CAPACITY + overflow; i++) {
            trail.record(Optional.empty(), "lookup", "k", "MISS", "miss", Set.of());
        }
        trail.flush();

        // Overflowed or refused by the lost grid: every event is accounted for as dropped (a batch the
        // background flusher had in flight is counted when the grid's refusal arrives).
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(trail.dropped()).isEqualTo(AuditTrail.QUEUE_CAPACITY + overflow));
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
}
