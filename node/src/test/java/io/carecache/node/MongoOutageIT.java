package io.carecache.node;

import io.carecache.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static io.carecache.node.MemberKillIT.awaitStores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB stopped (its server socket and connections closed) for {@code reliability.outage-seconds}
 * (15 s by default; 60 s with {@code -Psoak}) while three member processes serve load from a thin
 * client: every lookup is still answered from L1/L2, every store is accepted (queued), and once
 * MongoDB is back on the same port every acknowledged write drains into it.
 */
class MongoOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("reliability.outage-seconds", 15));

    @RegisterExtension
    final MemberCluster cluster = new MemberCluster(3, Map.of());

    @Test
    void mongoOutage_underLoad_gridKeepsServingAndEveryWriteDrains() throws Exception {
        cluster.startAll();
        MemberCluster.Client client = cluster.client();
        LoadGenerator load = new LoadGenerator(client.cache(), "outage", 4, 200, 0.3).start();
        LoadGenerator.Snapshot beforeOutage;
        LoadGenerator.Snapshot duringOutage;
        try (load) {
            awaitStores(load, 200);
            beforeOutage = load.snapshot();
            long outageStart = System.nanoTime();
            cluster.stopMongo();
            await("load through a " + OUTAGE.toSeconds() + " s MongoDB outage").atMost(OUTAGE.plusSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> System.nanoTime() - outageStart >= OUTAGE.toNanos()
                            && load.snapshot().storesAcknowledged() >= beforeOutage.storesAcknowledged() + 50);
            duringOutage = load.snapshot().since(beforeOutage);
            // Not asserted: what a readiness probe sees while the grid keeps serving (RELIABILITY.md).
            MemberCluster.record("MongoOutageIT", "/health/ready during the outage: " + cluster.readinessStatuses());
            cluster.startMongo();
            awaitStores(load, load.snapshot().storesAcknowledged() + 100);
        }
        LoadGenerator.Snapshot total = load.snapshot();
        MemberCluster.record("MongoOutageIT", "outage " + OUTAGE.toSeconds() + " s: " + duringOutage);
        MemberCluster.record("MongoOutageIT", "load " + total);

        assertThat(duringOutage.clientErrors()).as(duringOutage.toString()).isZero();
        assertThat(duringOutage.readsByTier()).as("lookups during the outage").containsOnlyKeys(Tier.L1, Tier.L2);
        assertThat(total.lostReads() + total.wrongAnswers() + total.storesBypassed()).as(total.toString()).isZero();

        long drainStart = System.nanoTime();
        cluster.awaitInMongo(load.acknowledged().keySet(), Duration.ofSeconds(120));
        MemberCluster.record("MongoOutageIT", String.format("%d acknowledged writes all in MongoDB %d ms after the load stopped",
                load.acknowledged().size(), (System.nanoTime() - drainStart) / 1_000_000));
        LoadGenerator.ReadBack readBack = load.readBack(cluster.client().cache());
        MemberCluster.record("MongoOutageIT", "read back " + load.acknowledged().size() + " acknowledged: " + readBack);
        assertThat(readBack.failures()).as(readBack.toString()).isEmpty();
    }
}
