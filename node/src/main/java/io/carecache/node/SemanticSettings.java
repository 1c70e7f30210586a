package io.carecache.node;

import io.carecache.InvalidConfigurationException;

import java.time.Duration;

/**
 * How a node clusters the semantic index and uses the clusters (configuration keys
 * {@code semantic.*}, see {@code config/KEYS.md}).
 *
 * @param clusteringInterval how often the k-means job reruns at the latest
 * @param clusteringGrowth rerun early when the index has grown by this fraction since the last run
 * @param clusteringMinEntries an index smaller than this is not clustered (a full scan is cheap)
 * @param maxClusters most clusters per context fingerprint (k is about sqrt(n/2), capped here)
 * @param maxIterations most Lloyd iterations per run
 * @param seed the k-means++ seed: the same index and seed give the same clusters
 * @param probes how many nearest clusters a lookup searches
 * @param checkInterval how often a member checks whether a run is due
 */
public record SemanticSettings(Duration clusteringInterval, double clusteringGrowth, int clusteringMinEntries,
                               int maxClusters, int maxIterations, long seed, int probes, Duration checkInterval) {
    /** Configuration key names. */
    public static final String CLUSTERING_INTERVAL = "semantic.clustering.interval-seconds";
    public static final String CLUSTERING_GROWTH = "semantic.clustering.growth-fraction";
    public static final String CLUSTERING_MIN_ENTRIES = "semantic.clustering.min-entries";
    public static final String MAX_CLUSTERS = "semantic.clustering.max-clusters";
    public static final String MAX_ITERATIONS = "semantic.clustering.max-iterations";
    public static final String SEED = "semantic.clustering.seed";
    public static final String PROBES = "semantic.lookup.probes";
    public static final String CHECK_INTERVAL = "semantic.clustering.check-interval-seconds";

    /** The shipped defaults. */
    public static final SemanticSettings DEFAULTS = new SemanticSettings(Duration.ofHours(1), 0.5, 1000, 256, 10,
            42L, 3, Duration.ofSeconds(30));

    public SemanticSettings {
        check(CLUSTERING_INTERVAL, clusteringInterval.toSeconds(), 1, 7 * 24 * 3600, "seconds");
        if (!(clusteringGrowth > 0 && clusteringGrowth <= 100)) {
            throw new InvalidConfigurationException(CLUSTERING_GROWTH, "must be above 0 and at most 100, was " + clusteringGrowth);
        }
        check(CLUSTERING_MIN_ENTRIES, clusteringMinEntries, 1, 100_000_000, "entries");
        check(MAX_CLUSTERS, maxClusters, 1, 65_536, "clusters");
        check(MAX_ITERATIONS, maxIterations, 1, 1000, "iterations");
        check(PROBES, probes, 1, 1024, "clusters");
        check(CHECK_INTERVAL, checkInterval.toMillis(), 1, 3_600_000, "milliseconds");
    }

    private static void check(String key, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(key, "must be " + min + " to " + max + " " + unit + ", was " + value);
        }
    }

    /** These settings with another clustering check cadence (tests run it often). */
    public SemanticSettings withCheckInterval(Duration value) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, clusteringMinEntries, maxClusters,
                maxIterations, seed, probes, value);
    }

    /** These settings with another cap on clusters per context group. */
    public SemanticSettings withMaxClusters(int value) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, clusteringMinEntries, value, maxIterations,
                seed, probes, checkInterval);
    }

    /** These settings with another minimum index size for clustering. */
    public SemanticSettings withClusteringMinEntries(int value) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, value, maxClusters, maxIterations, seed,
                probes, checkInterval);
    }
}
