package io.carecache.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.CacheSettings;
import io.carecache.CareCacheGrid;
import io.carecache.SemanticIndex;
import io.carecache.node.SemanticSettings;
import io.carecache.node.internal.semantic.BgeEmbedder;
import io.carecache.node.internal.semantic.Embedder;
import io.carecache.node.internal.semantic.GridSemanticIndex;
import io.carecache.node.internal.semantic.IndexedQuestion;
import io.carecache.node.internal.semantic.SemanticMaintenance;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Semantic lookup with a caller-supplied vector over a large index, on one member: full scan
 * (no clusters yet: all the group's unclustered buckets), the k-means job (which builds the cluster
 * buckets), then the search of the nearest clusters' buckets; plus BGE embedding
 * time per question. A main class rather than JMH: the interesting costs are a one-off job and
 * latency percentiles of a remote call, and filling the index dominates the run.
 *
 * <pre>
 * java -Xmx6g -cp benchmarks/target/benchmarks.jar io.carecache.benchmarks.SemanticLookupBenchmark [entries] [topics] [lookups]
 * </pre>
 */
public final class SemanticLookupBenchmark {
    private static int queries = 2000;
    private static int warmup = 200;

    private SemanticLookupBenchmark() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int topics = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        queries = args.length > 2 ? Integer.parseInt(args[2]) : queries;
        warmup = Math.max(10, queries / 5);
        CacheSettings cache = CacheSettings.DEFAULTS;
        SemanticSettings semantic = SemanticSettings.DEFAULTS;
        Config config = CareCacheGrid.configureMember(new Config().setClusterName("bench-" + UUID.randomUUID()), cache);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(5811).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        Embedder bge = BgeEmbedder.lazyShared();
        GridSemanticIndex.configureMember(config, cache.mapName(), bge, semantic);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        try {
            Random random = new Random(1);
            float[][] centers = new float[topics][];
            for (int t = 0; t < topics; t++) {
                centers[t] = SyntheticVectors.unit(random);
            }
            String fingerprint = "bench-fingerprint";
            IMap<String, IndexedQuestion> index = member.getMap(GridSemanticIndex.indexMapName(cache.mapName()));
            float[][] stored = new float[entries][];
            long fill = System.nanoTime();
            Map<String, IndexedQuestion> batch = new HashMap<>();
            long expires = System.currentTimeMillis() + 3_600_000;
            // A sealed question's size: 2 + key id (~10) + 12 nonce + question (~55) + 16 tag.
            byte[] sealed = new byte[96];
            for (int i = 0; i < entries; i++) {
                stored[i] = SyntheticVectors.near(random, centers[random.nextInt(topics)], 0.9);
                batch.put(key(i), new IndexedQuestion(fingerprint, "shared", "", bge.modelId(), stored[i], sealed, -1, expires));
                if (batch.size() == 1000) {
                    index.putAll(batch);
                    batch.clear();
                }
            }
            index.putAll(batch);
            System.out.printf("filled %d entries (%d topics) in %.1f s%n", entries, topics, (System.nanoTime() - fill) / 1e9);
            // Filled behind the index's back (putAll, no embedding): the postings are built as after a
            // restart, into the group's unclustered buckets (no clusters yet).
            long rebuild = System.nanoTime();
            int posted = GridSemanticIndex.rebuildPostingsIfEmpty(member, cache.mapName());
            System.out.printf("postings rebuilt from the index: %d entries in %.1f s%n", posted, (System.nanoTime() - rebuild) / 1e9);

            SemanticIndex grid = new GridSemanticIndex(member, cache.mapName());
            float[][] probes = new float[queries + warmup][];
            int[] target = new int[probes.length];
            for (int q = 0; q < probes.length; q++) {
                target[q] = random.nextInt(entries);
                probes[q] = SyntheticVectors.near(random, stored[target[q]], 0.3);
            }
            String[] fullTop = new String[probes.length];
            report("full scan (unclustered buckets)", grid, fingerprint, probes, fullTop, null);

            long job = System.nanoTime();
            SemanticMaintenance.Run run = SemanticMaintenance.runNow(member, cache.mapName(), semantic);
            System.out.printf("k-means job: %d entries -> %d clusters in %.1f s (max %d iterations)%n",
                    run.entries(), run.clusters(), (System.nanoTime() - job) / 1e9, semantic.maxIterations());

            report("clusters (probes=" + semantic.probes() + ")", grid, fingerprint, probes, new String[probes.length], fullTop);
            // The same lookups once the job's garbage is gone: what lookups see between hourly runs.
            System.gc();
            report("clusters, again after a full GC", grid, fingerprint, probes, new String[probes.length], fullTop);

            List<String> questions = List.of("How long does the flu last?", "What are the side effects of statins?",
                    "How do I lower my blood pressure?", "Can I take ibuprofen with lisinopril?",
                    "What should I eat with type 2 diabetes?", "Why do my legs cramp at night?");
            bge.embed("warm up the model");
            int n = 200;
            long embed = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bge.embed(questions.get(i % questions.size()) + " " + i);
            }
            System.out.printf("BGE embedding: %.2f ms per question (%d questions, one at a time)%n",
                    (System.nanoTime() - embed) / 1e6 / n, n);
        } finally {
            Hazelcast.shutdownAll();
        }
    }

    private static void report(String name, SemanticIndex grid, String fingerprint, float[][] probes, String[] top,
                               String[] reference) {
        long[] micros = new long[queries];
        int agree = 0;
        for (int q = 0; q < probes.length; q++) {
            long start = System.nanoTime();
            List<SemanticIndex.Candidate> hits = grid.nearest(new SemanticIndex.Probe("", Optional.of(probes[q]),
                    fingerprint, "shared", "", 5, 0.5));
            long took = System.nanoTime() - start;
            top[q] = hits.isEmpty() ? "" : hits.get(0).cacheKey();
            if (q >= warmup) {
                micros[q - warmup] = took / 1000;
                if (reference != null && reference[q].equals(top[q])) {
                    agree++;
                }
            }
        }
        Arrays.sort(micros);
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms over %d lookups%s%n", name, micros[queries / 2] / 1000.0,
                micros[queries * 99 / 100] / 1000.0, queries,
                reference == null ? "" : String.format(", same best candidate as the full scan: %.1f %%", 100.0 * agree / queries));
    }

    private static String key(int i) {
        return String.format("%064x", i);
    }
}
