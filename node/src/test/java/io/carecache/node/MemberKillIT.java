package io.carecache.node;

import io.carecache.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of one of three member processes under load from a thin client: every store
 * acknowledged before (and after) the kill is read back from L2 (the promoted backups) and reaches
 * MongoDB (the backups' write-behind queues), and the client sees a bounded number of errors.
 */
class MemberKillIT {
    /** Load threads; each has at most one call in flight when the member dies. */
    private static final int THREADS = 4;
    /**
     * Calls in flight on the killed member's connection cannot all be retried (a write whose
     * connection dropped is not: Hazelcast cannot know whether it ran), so a few fail; reads are
     * retried until the partition has a new owner, well within the 10 s invocation timeout.
     */
    private static final int MAX_CLIENT_ERRORS = 2 * THREADS;

    private static final String QUEUE_DEPTH = "carecache_write_behind_queue_depth";

    @RegisterExtension
    final MemberCluster cluster = new MemberCluster(3, Map.of());

    @Test
    void kill9_oneOfThreeUnderLoad_everyAcknowledgedWriteInL2AndMongo() throws Exception {
        cluster.startAll();
        MemberCluster.Client client = cluster.client();
        LoadGenerator load = new LoadGenerator(client.cache(), "kill", THREADS, 200, 0.3).start();
        LoadGenerator.Snapshot beforeKill;
        try (load) {
            awaitStores(load, 300);
            // Killed while it owns writes not yet in MongoDB: only its backups' queues can still store them.
            double queued = await("member 1 holds queued writes").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.metric(1, QUEUE_DEPTH), depth -> depth > 0);
            beforeKill = load.snapshot();
            long killedAt = System.nanoTime();
            cluster.kill(1);
            MemberCluster.record("MemberKillIT", "killed member 1 with " + (long) queued + " writes in its write-behind queues");
            cluster.awaitSafe(2);
            Duration toSafe = Duration.ofNanos(System.nanoTime() - killedAt);
            MemberCluster.record("MemberKillIT", "cluster of 2 safe " + toSafe.toMillis() + " ms after kill -9");
            awaitStores(load, load.snapshot().storesAcknowledged() + 300);
        }
        LoadGenerator.Snapshot total = load.snapshot();
        LoadGenerator.Snapshot failover = total.since(beforeKill);
        MemberCluster.record("MemberKillIT", "load " + total);
        MemberCluster.record("MemberKillIT", "from the kill on " + failover);

        assertThat(total.lostReads()).as(total.toString()).isZero();
        assertThat(total.wrongAnswers()).as(total.toString()).isZero();
        assertThat(total.storesBypassed()).as(total.toString()).isZero();
        assertThat(failover.clientErrors()).as(failover.toString()).isLessThanOrEqualTo(MAX_CLIENT_ERRORS);

        // L2: a new client (empty near cache) reads every acknowledged answer from the grid.
        LoadGenerator.ReadBack readBack = load.readBack(cluster.client().cache());
        MemberCluster.record("MemberKillIT", "read back " + load.acknowledged().size() + " acknowledged: " + readBack);
        assertThat(readBack.failures()).as(readBack.toString()).isEmpty();
        assertThat(readBack.tiers()).as("served by L2, not reloaded from MongoDB").containsOnlyKeys(Tier.L2);

        // L3: MongoDB itself holds every acknowledged key once the write-behind queues have drained.
        cluster.awaitInMongo(load.acknowledged().keySet(), Duration.ofSeconds(120));
    }

    static void awaitStores(LoadGenerator load, long acknowledged) {
        await("load: " + acknowledged + " stores acknowledged").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> load.snapshot().storesAcknowledged() >= acknowledged);
    }
}
