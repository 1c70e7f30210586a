package io.carecache.node;

import io.carecache.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.carecache.node.MemberKillIT.awaitStores;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart of three member processes under load: each member in turn gets SIGTERM (the
 * node's graceful shutdown: flush, partitions handed over, exit 0), the cluster is safe again with
 * two, the member starts again on its port and the cluster is safe with three before the next.
 * Nothing acknowledged is lost, and the client sees no more failures per step than the documented
 * retry window allows (docs/client.md: "a handful of calls at most", at most 3 in
 * {@code ClientMemberRestartTest}).
 */
class RollingRestartIT {
    private static final int THREADS = 4;
    /** Failed or degraded calls one restart step may cost the client (docs/client.md). */
    private static final int MAX_CLIENT_ERRORS_PER_STEP = 3;

    @RegisterExtension
    final MemberCluster cluster = new MemberCluster(3, Map.of());

    @Test
    void rollingRestart_sigtermEachMemberUnderLoad_losesNothingAndStaysInTheRetryWindow() throws Exception {
        cluster.startAll();
        MemberCluster.Client client = cluster.client();
        LoadGenerator load = new LoadGenerator(client.cache(), "rolling", THREADS, 200, 0.3).start();
        List<LoadGenerator.Snapshot> steps = new ArrayList<>();
        try (load) {
            awaitStores(load, 200);
            for (int member = 0; member < cluster.size(); member++) {
                LoadGenerator.Snapshot before = load.snapshot();
                long start = System.nanoTime();
                cluster.stopGracefully(member);
                cluster.awaitSafe(cluster.size() - 1);
                long stopped = System.nanoTime();
                cluster.launch(member);
                cluster.awaitReadyLine(member);
                cluster.awaitSafe(cluster.size());
                LoadGenerator.Snapshot step = load.snapshot().since(before);
                steps.add(step);
                MemberCluster.record("RollingRestartIT", String.format("member %d: stopped and cluster safe in %d ms, "
                                + "back and safe in %d ms; %s", member, (stopped - start) / 1_000_000,
                        (System.nanoTime() - stopped) / 1_000_000, step));
                awaitStores(load, load.snapshot().storesAcknowledged() + 100);
            }
        }
        LoadGenerator.Snapshot total = load.snapshot();
        MemberCluster.record("RollingRestartIT", "load " + total);

        assertThat(total.lostReads()).as(total.toString()).isZero();
        assertThat(total.wrongAnswers()).as(total.toString()).isZero();
        assertThat(total.storesBypassed()).as(total.toString()).isZero();
        assertThat(steps).allSatisfy(step ->
                assertThat(step.clientErrors()).as(step.toString()).isLessThanOrEqualTo(MAX_CLIENT_ERRORS_PER_STEP));

        LoadGenerator.ReadBack readBack = load.readBack(cluster.client().cache());
        MemberCluster.record("RollingRestartIT", "read back " + load.acknowledged().size() + " acknowledged: " + readBack);
        assertThat(readBack.failures()).as(readBack.toString()).isEmpty();
        assertThat(readBack.tiers()).as("served by L2, not reloaded from MongoDB").containsOnlyKeys(Tier.L2);
        cluster.awaitInMongo(load.acknowledged().keySet(), Duration.ofSeconds(120));
    }
}
