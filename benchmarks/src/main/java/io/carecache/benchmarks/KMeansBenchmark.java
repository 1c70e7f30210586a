package io.carecache.benchmarks;

import io.carecache.node.internal.semantic.KMeansTiming;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The semantic clustering job's k-means alone (no Jet, no grid) on synthetic clustered unit
 * vectors: 384 dimensions, each vector a random topic's centre plus noise, seeded. Prints, per
 * cluster cap: k, Lloyd iterations, the whole run, one extra assignment pass over all vectors,
 * purity (the share of vectors whose cluster's commonest topic is their own; at most about k/topics
 * when k is below the topic count) and cohesion (the share of vectors in their topic's commonest
 * cluster: 1 when no topic is split). A main class rather than JMH: the cost is one long call.
 *
 * <pre>
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar io.carecache.benchmarks.KMeansBenchmark [entries] [topics] [max-clusters,...]
 * </pre>
 */
public final class KMeansBenchmark {
    private static final long SEED = 42;
    private static final int MAX_ITERATIONS = 10;

    private KMeansBenchmark() {
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int topics = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String caps = args.length > 2 ? args[2] : "256";
        long fill = System.nanoTime();
        SplittableRandom random = new SplittableRandom(1);
        float[][] centres = new float[topics][];
        for (int t = 0; t < topics; t++) {
            centres[t] = SyntheticVectors.unit(random);
        }
        int[] topic = new int[entries];
        for (int i = 0; i < entries; i++) {
            topic[i] = random.nextInt(topics);
        }
        // Each vector from its own seeded generator, so the data is the same however it is split across threads.
        float[][] vectors = new float[entries][];
        IntStream.range(0, entries).parallel().forEach(i ->
                vectors[i] = SyntheticVectors.near(new SplittableRandom(1_000_003L * i + 7), centres[topic[i]], 0.9));
        List<float[]> points = List.of(vectors);
        System.out.printf("%d vectors (%d dims, %d topics) generated in %.1f s%n", entries, SyntheticVectors.DIMS, topics,
                (System.nanoTime() - fill) / 1e9);
        for (String cap : caps.split(",")) {
            KMeansTiming.Timing t = KMeansTiming.time(points, Integer.parseInt(cap.trim()), SEED, MAX_ITERATIONS);
            System.out.printf("max-clusters %s: k %d, %d iterations, run %.1f s, one assignment pass %.1f s, "
                            + "purity %.3f, cohesion %.3f%n",
                    cap.trim(), t.clusters(), t.iterations(), t.runNanos() / 1e9, t.assignNanos() / 1e9,
                    majority(t.assignment(), topic, t.clusters()), majority(topic, t.assignment(), topics));
        }
    }

    // The share of items whose group's commonest label is their own label.
    private static double majority(int[] group, int[] label, int groups) {
        List<Map<Integer, Integer>> counts = IntStream.range(0, groups)
                .mapToObj(c -> (Map<Integer, Integer>) new HashMap<Integer, Integer>()).toList();
        for (int i = 0; i < group.length; i++) {
            counts.get(group[i]).merge(label[i], 1, Integer::sum);
        }
        long majority = counts.stream().mapToLong(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        return (double) majority / group.length;
    }
}
