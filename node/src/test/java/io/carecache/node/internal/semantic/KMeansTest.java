package io.carecache.node.internal.semantic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KMeansTest {
    private static final int DIMS = 384;

    @Test
    void run_sameSeed_sameAssignment() {
        List<float[]> points = blobs(5, 30, new Random(1), new ArrayList<>());

        KMeans.Result a = KMeans.run(points, 5, 42, 20);
        KMeans.Result b = KMeans.run(points, 5, 42, 20);

        assertThat(a.assignment()).containsExactly(b.assignment());
    }

    @Test
    void run_wellSeparatedBlobs_eachBlobIsOneClusterWhateverTheSeed() {
        List<Integer> truth = new ArrayList<>();
        List<float[]> points = blobs(5, 15, new Random(2), truth);

        for (long seed = 0; seed < 50; seed++) {
            int[] assignment = KMeans.run(points, 5, seed, 20).assignment();

            Map<Integer, Integer> clusterOfBlob = new HashMap<>();
            for (int i = 0; i < points.size(); i++) {
                Integer previous = clusterOfBlob.putIfAbsent(truth.get(i), assignment[i]);
                assertThat(previous == null ? assignment[i] : previous).as("seed %d", seed).isEqualTo(assignment[i]);
            }
            assertThat(new java.util.HashSet<>(clusterOfBlob.values())).as("seed %d", seed).hasSize(5);
        }
    }

    @Test
    void clustersFor_growsWithSqrtAndIsCapped() {
        assertThat(KMeans.clustersFor(1, 256)).isEqualTo(1);
        assertThat(KMeans.clustersFor(200, 256)).isEqualTo(10);
        assertThat(KMeans.clustersFor(1_000_000, 256)).isEqualTo(256);
    }

    private static List<float[]> blobs(int blobs, int each, Random random, List<Integer> truth) {
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < blobs; b++) {
            float[] center = gaussian(random, 1);
            for (int i = 0; i < each; i++) {
                float[] noise = gaussian(random, 0.25 / Math.sqrt(DIMS));
                float[] p = new float[DIMS];
                for (int d = 0; d < DIMS; d++) {
                    p[d] = center[d] + noise[d];
                }
                out.add(Embedder.normalize(p));
                truth.add(b);
            }
        }
        return out;
    }

    private static float[] gaussian(Random random, double scale) {
        float[] v = new float[DIMS];
        for (int d = 0; d < DIMS; d++) {
            v[d] = (float) (random.nextGaussian() * scale);
        }
        return scale == 1 ? Embedder.normalize(v) : v;
    }
}
