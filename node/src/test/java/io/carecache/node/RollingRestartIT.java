package io.carecache.node;

import com.hazelcast.map.IMap;
import io.carecache.CacheSettings;
import io.carecache.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.carecache.node.MemberKillIT.awaitStores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart of three member processes under load: each member in turn gets SIGTERM (the
 * node's graceful shutdown: flush, partitions handed over, exit 0), the cluster is safe again with
 * two, the member starts again on its port and the cluster is safe with three before the next.
 * Nothing acknowledged is lost, and the client sees no more failures per step than the documented
 * retry window allows (docs/client.md: "a handful of calls at most", at most 3 in
 * {@code ClientMemberRestartTest}). Semantic clustering, the request-rate streaming job and warming
 * run throughout, and no leave stalls on them.
 */
class RollingRestartIT {
    private static final int THREADS = 4;
    /** Failed or degraded calls one restart step may cost the client (docs/client.md). */
    private static final int MAX_CLIENT_ERRORS_PER_STEP = 3;

    /**
     * Semantic clustering and warming on, so the streaming rate job runs and reads a lookup log that
     * has events: the job whose parked journal reads were once seen to stall a graceful leave.
     */
    private static final Map<String, String> WARMING = Map.of(
            "SEMANTIC_WARMING_CLUSTERS", "16",
            "SEMANTIC_CLUSTERING_MIN_ENTRIES", "200",
            "SEMANTIC_CLUSTERING_CHECK_INTERVAL_SECONDS", "5",
            "SEMANTIC_HOT_WINDOW_SECONDS", "10",
            "SEMANTIC_HOT_SLIDE_SECONDS", "2",
            "CARECACHE_HITS_FLUSH_INTERVAL_SECONDS", "1");
    /** A graceful leave hands partitions over in seconds; the stall once seen took minutes. */
    private static final Duration MAX_LEAVE = Duration.ofSeconds(60);

    @RegisterExtension
    final MemberCluster cluster = new MemberCluster(3, WARMING);

    @Test
    void rollingRestart_sigtermEachMemberUnderLoad_losesNothingAndStaysInTheRetryWindow() throws Exception {
        cluster.startAll();
        MemberCluster.Client client = cluster.semanticClient();
        LoadGenerator load = new LoadGenerator(client.cache(), "rolling", THREADS, 200, 0.3).start();
        List<LoadGenerator.Snapshot> steps = new ArrayList<>();
        try (load) {
            awaitStores(load, 200);
            awaitRateJobSeesReads();
            for (int member = 0; member < cluster.size(); member++) {
                LoadGenerator.Snapshot before = load.snapshot();
                long start = System.nanoTime();
                cluster.stopGracefully(member);
                cluster.awaitSafe(cluster.size() - 1);
                long stopped = System.nanoTime();
                assertThat(Duration.ofNanos(stopped - start)).as("member %d leaving with the rate job running", member)
                        .isLessThan(MAX_LEAVE);
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
        assertThat(cluster.memberLogLines().stream().filter(line -> line.contains("JobAlreadyExistsException")).toList())
                .as("members ask for the rate job once, at start and when the master changes").isEmpty();
    }

    // Clusters exist and the streaming job has turned L2/L3 reads into per-cluster rates.
    private void awaitRateJobSeesReads() {
        IMap<Object, Object> rates = cluster.observer().getMap(CacheSettings.DEFAULTS.mapName() + "-hot-clusters");
        await("per-cluster request rates").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !rates.isEmpty());
    }
}
