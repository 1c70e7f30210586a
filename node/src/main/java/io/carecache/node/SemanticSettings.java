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
 * @param maxClusters most clusters per context fingerprint (k is about sqrt(n/2), capped here; the default
 *        1024 lets a 1M-entry group reach k = 707, so a 3-cluster lookup scores about 4 200 vectors)
 * @param maxIterations most Lloyd iterations per run
 * @param seed the k-means++ seed: the same index and seed give the same clusters
 * @param probes how many nearest clusters a lookup searches
 * @param checkInterval how often a member checks whether a run is due (and warms hot clusters)
 * @param hotWindow the sliding window over which cluster request rates are measured
 * @param hotSlide how often the window slides (a new rate per cluster)
 * @param warmClusters how many of the hottest clusters are warmed; 0 turns warming off
 * @param warmEntriesPerCluster how many of a hot cluster's most-used entries are loaded into L2
 */
public record SemanticSettings(Duration clusteringInterval, double clusteringGrowth, int clusteringMinEntries,
                               int maxClusters, int maxIterations, long seed, int probes, Duration checkInterval,
                               Duration hotWindow, Duration hotSlide, int warmClusters, int warmEntriesPerCluster) {
    /** Configuration key names. */
    public static final String CLUSTERING_INTERVAL = "semantic.clustering.interval-seconds";
    public static final String CLUSTERING_GROWTH = "semantic.clustering.growth-fraction";
    public static final String CLUSTERING_MIN_ENTRIES = "semantic.clustering.min-entries";
    public static final String MAX_CLUSTERS = "semantic.clustering.max-clusters";
    public static final String MAX_ITERATIONS = "semantic.clustering.max-iterations";
    public static final String SEED = "semantic.clustering.seed";
    public static final String PROBES = "semantic.lookup.probes";
    public static final String CHECK_INTERVAL = "semantic.clustering.check-interval-seconds";
    public static final String HOT_WINDOW = "semantic.hot.window-seconds";
    public static final String HOT_SLIDE = "semantic.hot.slide-seconds";
    public static final String WARM_CLUSTERS = "semantic.warming.clusters";
    public static final String WARM_ENTRIES_PER_CLUSTER = "semantic.warming.entries-per-cluster";

    /** The shipped defaults. */
    public static final SemanticSettings DEFAULTS = new SemanticSettings(Duration.ofHours(1), 0.5, 1000, 1024, 10,
            42L, 3, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(30), 16, 200);

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
        check(HOT_WINDOW, hotWindow.toSeconds(), 1, 24 * 3600, "seconds");
        check(HOT_SLIDE, hotSlide.toSeconds(), 1, hotWindow.toSeconds(), "seconds (at most the window)");
        if (hotWindow.toSeconds() % hotSlide.toSeconds() != 0) {
            throw new InvalidConfigurationException(HOT_SLIDE, "must divide " + HOT_WINDOW + " (" + hotWindow.toSeconds()
                    + " s), was " + hotSlide.toSeconds());
        }
        check(WARM_CLUSTERS, warmClusters, 0, 10_000, "clusters");
        check(WARM_ENTRIES_PER_CLUSTER, warmEntriesPerCluster, 1, 1_000_000, "entries");
    }

    private static void check(String key, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(key, "must be " + min + " to " + max + " " + unit + ", was " + value);
        }
    }

    /** These settings with another clustering check cadence (tests run it often). */
    public SemanticSettings withCheckInterval(Duration value) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, clusteringMinEntries, maxClusters,
                maxIterations, seed, probes, value, hotWindow, hotSlide, warmClusters, warmEntriesPerCluster);
    }

    /** These settings with another cap on clusters per context group. */
    public SemanticSettings withMaxClusters(int value) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, clusteringMinEntries, value, maxIterations,
                seed, probes, checkInterval, hotWindow, hotSlide, warmClusters, warmEntriesPerCluster);
    }

    /** These settings with another minimum index size for clustering. */
    public SemanticSettings withClusteringMinEntries(int value) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, value, maxClusters, maxIterations, seed,
                probes, checkInterval, hotWindow, hotSlide, warmClusters, warmEntriesPerCluster);
    }

    /** These settings with another request-rate window and slide. */
    public SemanticSettings withHotWindow(Duration window, Duration slide) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, clusteringMinEntries, maxClusters,
                maxIterations, seed, probes, checkInterval, window, slide, warmClusters, warmEntriesPerCluster);
    }

    /** These settings warming {@code clusters} hottest clusters (0: off), {@code entries} entries each. */
    public SemanticSettings withWarming(int clusters, int entries) {
        return new SemanticSettings(clusteringInterval, clusteringGrowth, clusteringMinEntries, maxClusters,
                maxIterations, seed, probes, checkInterval, hotWindow, hotSlide, clusters, entries);
    }
}
