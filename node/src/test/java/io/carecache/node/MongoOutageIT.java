package io.carecache.node;

import io.carecache.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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
            // What the Kubernetes probe sees: the grid serves, so every member stays in the client Service.
            Map<Integer, Integer> readiness = cluster.readinessStatuses();
            MemberCluster.record("MongoOutageIT", "/health/ready during the outage: " + readiness);
            assertThat(readiness).as("/health/ready status per member during the outage").allSatisfy((member, status) ->
                    assertThat(status).isEqualTo(200));
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

    /**
     * Soak only ({@code -Psoak}): a member is killed halfway through the outage, long after
     * Hazelcast's default 10 s backup retention would have dropped its backups' queued writes;
     * {@code carecache.write.backup-retention-seconds} (300 s) keeps them, so the promoted backups
     * still write everything once MongoDB is back.
     */
    @Test
    @EnabledIfSystemProperty(named = "reliability.soak", matches = "true")
    void mongoOutage_memberKilledHalfwayUnderLoad_everyAcknowledgedWriteDrains() throws Exception {
        cluster.startAll();
        MemberCluster.Client client = cluster.client();
        LoadGenerator load = new LoadGenerator(client.cache(), "outage-kill", 4, 200, 0.3).start();
        LoadGenerator.Snapshot beforeKill;
        double queued;
        try (load) {
            awaitStores(load, 200);
            long outageStart = System.nanoTime();
            cluster.stopMongo();
            await("half the outage").atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> System.nanoTime() - outageStart >= OUTAGE.toNanos() / 2);
            queued = cluster.metric(1, "carecache_write_behind_queue_depth");
            beforeKill = load.snapshot();
            cluster.kill(1);
            await("the rest of the outage").atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> System.nanoTime() - outageStart >= OUTAGE.toNanos());
            cluster.startMongo();
            awaitStores(load, load.snapshot().storesAcknowledged() + 100);
        }
        LoadGenerator.Snapshot total = load.snapshot();
        LoadGenerator.Snapshot fromKill = total.since(beforeKill);
        MemberCluster.record("MongoOutageIT", String.format("outage %d s, member 1 killed after %d s holding %d queued "
                + "writes; load %s; from the kill on %s", OUTAGE.toSeconds(), OUTAGE.toSeconds() / 2, (long) queued, total, fromKill));

        assertThat(queued).as("the killed member held writes MongoDB had not taken").isPositive();
        assertThat(total.lostReads() + total.wrongAnswers() + total.storesBypassed()).as(total.toString()).isZero();
        assertThat(fromKill.clientErrors()).as(fromKill.toString()).isLessThanOrEqualTo(8);
        cluster.awaitInMongo(load.acknowledged().keySet(), Duration.ofSeconds(180));
        LoadGenerator.ReadBack readBack = load.readBack(cluster.client().cache());
        MemberCluster.record("MongoOutageIT", "read back " + load.acknowledged().size() + " acknowledged: " + readBack);
        assertThat(readBack.failures()).as(readBack.toString()).isEmpty();
    }
}
