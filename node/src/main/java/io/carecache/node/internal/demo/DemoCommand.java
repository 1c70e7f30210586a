package io.carecache.node.internal.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.carecache.CacheStats;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.node.CareCacheNode;
import io.carecache.node.NodeSettings;
import io.carecache.node.internal.cli.CliCommand;
import io.carecache.node.internal.l3.EmbeddedMongo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code demo}: the seed's scenario on an in-process cluster of two members and a thin client,
 * over the embedded MongoDB wire-protocol store. Phase one fills and serves the cache; then the
 * grid's memory is evicted (L3 keeps everything) and phase two is served from L3, L2 and L1.
 * Prints a KPI table, and with {@code --json} one JSON object as the last line.
 */
public final class DemoCommand implements CliCommand {
    private static final int USERS = 50;
    private static final int THREADS = 4;
    /** Simulated pipeline cost per answer; the real one is 0.5–2 s, scaled down to keep the demo short. */
    private static final long SIMULATED_LLM_MILLIS = 25;
    private static final long SEED_LLM_MILLIS = 1000;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run the seed's therapeutic workload on two in-process members and a thin client [--json] [--requests N]";
    }

    @Override
    public int run(String[] args) {
        boolean json = false;
        int requests = 4000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--requests" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{2,7}")) {
                        System.err.println("demo: --requests takes a whole number from 10 to 9999999");
                        return EXIT_USAGE;
                    }
                    requests = Integer.parseInt(args[++i]);
                }
                default -> {
                    System.err.println("demo: unknown option '" + args[i] + "' (allowed: --json, --requests N)");
                    return EXIT_USAGE;
                }
            }
        }
        quietLogs();
        try {
            Report report = runScenario(requests);
            report.printTable(System.out);
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(report.toJson()));
            }
            return EXIT_OK;
        } catch (IOException | InterruptedException e) {
            System.err.println("demo failed: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private static Report runScenario(int requests) throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("carecache-demo");
        String cluster = "carecache-demo-" + UUID.randomUUID().toString().substring(0, 8);
        List<CareCacheNode> members = new ArrayList<>();
        HazelcastInstance client = null;
        try (EmbeddedMongo l3 = EmbeddedMongo.start(dataDir)) {
            NodeSettings settings = NodeSettings.builder().clusterName(cluster).port(5901)
                    .members(List.of("127.0.0.1:5901", "127.0.0.1:5902", "127.0.0.1:5903"))
                    .mongoUri(Optional.of(l3.connectionString())).embeddedDataDirectory(dataDir).build();
            try {
                members.add(CareCacheNode.start(settings));
                members.add(CareCacheNode.start(settings));
                client = HazelcastClient.newHazelcastClient(clientConfig(settings, members));
                CareCache cache = CareCache.builder(client).keyRing(KeyRing.generate("demo-key-1"))
                        .settings(settings.cache())
                        .semanticIndex(io.carecache.node.SemanticGrid.index(client, settings.cache())).build();
                TherapeuticWorkload workload = new TherapeuticWorkload(20261124L);
                LatencyRecorder latencies = new LatencyRecorder();
                AtomicLong llmCalls = new AtomicLong();
                long start = System.nanoTime();
                int firstPhase = requests * 3 / 5;
                runPhase(cache, workload, firstPhase, latencies, llmCalls);
                // Members restart with empty memory: pending writes reach MongoDB, then L2 and every
                // near cache are emptied. L3 keeps everything, so phase two starts from L3.
                members.get(0).hazelcast().getMap(settings.cache().mapName()).flush();
                members.get(0).hazelcast().getMap(settings.cache().mapName()).evictAll();
                runPhase(cache, workload, requests - firstPhase, latencies, llmCalls);
                long elapsedNanos = System.nanoTime() - start;
                return new Report(requests, cache.stats(), latencies, llmCalls.get(), elapsedNanos);
            } finally {
                // Members before the store they write to.
                if (client != null) {
                    client.shutdown();
                }
                members.forEach(CareCacheNode::close);
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void runPhase(CareCache cache, TherapeuticWorkload workload, int requests, LatencyRecorder latencies,
                                 AtomicLong llmCalls) throws InterruptedException {
        List<TherapeuticWorkload.Draw> draws = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            draws.add(workload.next(USERS));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = offset; i < draws.size(); i += THREADS) {
                        LookupResult r = cache.getOrCompute(draws.get(i).request(), request -> {
                            llmCalls.incrementAndGet();
                            Thread.sleep(SIMULATED_LLM_MILLIS);
                            return TherapeuticWorkload.answer(request);
                        });
                        latencies.record(r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("demo workload failed: " + e.getCause(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ClientConfig clientConfig(NodeSettings settings, List<CareCacheNode> members) {
        ClientConfig config = new ClientConfig().setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        members.forEach(m -> config.getNetworkConfig().addAddress(
                "127.0.0.1:" + m.hazelcast().getCluster().getLocalMember().getAddress().getPort()));
        return CareCacheGrid.configureClient(config, settings.cache(), Optional.empty());
    }

    private static void quietLogs() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Members leaving one by one are expected here; their reconnect warnings are not news.
        System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "error");
        System.setProperty("hazelcast.logging.type", "slf4j");
        System.setProperty("hazelcast.phone.home.enabled", "false");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Report(int requests, CacheStats stats, LatencyRecorder latencies, long llmCalls, long elapsedNanos) {
        private static final Tier[] TIERS = {Tier.L1, Tier.L2, Tier.L3, Tier.SEMANTIC, Tier.MISS};

        void printTable(PrintStream out) {
            CacheStats.Performance p = stats.performance();
            out.println();
            out.println("CareCache demo — 2 members + 1 thin client, " + USERS + " users, " + requests + " requests ("
                    + String.format("%.1f", elapsedNanos / 1e9) + " s)");
            out.println("+----------+--------+----------+-----------+-----------+");
            out.println("| tier     |  count | hit rate |  p50 (us) |  p99 (us) |");
            out.println("+----------+--------+----------+-----------+-----------+");
            for (Tier tier : TIERS) {
                out.printf("| %-8s | %6d | %7.1f%% | %9.1f | %9.1f |%n", tier, latencies.count(tier),
                        100.0 * latencies.count(tier) / Math.max(1, latencies.total()),
                        latencies.percentileMicros(tier, 50), latencies.percentileMicros(tier, 99));
            }
            out.println("+----------+--------+----------+-----------+-----------+");
            out.printf("semantic hits %d (paraphrases answered without the pipeline), %d of them through a cluster%n",
                    p.semanticHits(), stats.optimization().clusterCacheHits());
            out.printf("overall hit rate %.1f%%, writes %d, misses %d, pipeline calls %d%n",
                    100 * p.overallHitRate(), p.writes(), p.misses(), llmCalls);
            out.printf("LLM time saved at the seed's ~%d ms per answer: %.0f s of %.0f s%n", SEED_LLM_MILLIS,
                    (requests - llmCalls) * SEED_LLM_MILLIS / 1000.0, requests * SEED_LLM_MILLIS / 1000.0);
            out.println("(miss latency includes the simulated " + SIMULATED_LLM_MILLIS + " ms pipeline)");
        }

        Map<String, Object> toJson() {
            CacheStats.Performance p = stats.performance();
            Map<String, Object> hitRate = new LinkedHashMap<>();
            hitRate.put("overall", p.overallHitRate());
            hitRate.put("l1", p.l1HitRate());
            hitRate.put("l2", p.l2HitRate());
            hitRate.put("l3", p.l3HitRate());
            hitRate.put("semantic", p.semanticHitRate());
            Map<String, Object> latency = new LinkedHashMap<>();
            for (Tier tier : TIERS) {
                latency.put(tier.name().toLowerCase(), Map.of("p50", latencies.percentileMicros(tier, 50),
                        "p99", latencies.percentileMicros(tier, 99)));
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("requests", requests);
            json.put("hit_rate", hitRate);
            json.put("latency_us", latency);
            json.put("writes", p.writes());
            json.put("misses", p.misses());
            json.put("pipeline_calls", llmCalls);
            json.put("elapsed_s", elapsedNanos / 1e9);
            json.put("stats", stats.toMap());
            return json;
        }
    }
}
