package io.carecache.node.internal.load;

import io.carecache.LookupResult;
import io.carecache.Tier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one load run measured: a latency histogram per tier (HdrHistogram, microseconds, 3
 * significant digits), errors by type, pipeline calls, and the wall time. Thread-safe while
 * recording; read it once the run is over.
 */
final class LoadReport {
    private static final long MAX_MICROS = 60_000_000L;

    private final String scenario;
    private final Map<Tier, Histogram> byTier = new EnumMap<>(Tier.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder pipelineCalls = new LongAdder();
    private volatile long elapsedNanos;

    LoadReport(String scenario) {
        this.scenario = scenario;
        for (Tier tier : Tier.values()) {
            byTier.put(tier, new ConcurrentHistogram(MAX_MICROS, 3));
        }
    }

    void record(LookupResult result) {
        byTier.get(result.tier()).recordValue(Math.min(MAX_MICROS, Math.max(0, result.latency().toNanos() / 1_000)));
    }

    void error(Throwable failure) {
        errors.computeIfAbsent(failure.getClass().getSimpleName(), k -> new LongAdder()).increment();
    }

    void pipelineCall() {
        pipelineCalls.increment();
    }

    void finished(long nanos) {
        this.elapsedNanos = nanos;
    }

    long count(Tier tier) {
        return byTier.get(tier).getTotalCount();
    }

    long answered() {
        return byTier.values().stream().mapToLong(Histogram::getTotalCount).sum();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Share of answered requests a tier answered (0..1). */
    double share(Tier tier) {
        long all = answered();
        return all == 0 ? 0 : count(tier) / (double) all;
    }

    /** Requests per second over the wall time, errors included. */
    double throughput() {
        return elapsedNanos == 0 ? 0 : (answered() + errorCount()) / (elapsedNanos / 1e9);
    }

    /** The percentile (0..100) of a tier's latency in microseconds; 0 when the tier never answered. */
    long percentileMicros(Tier tier, double percentile) {
        Histogram h = byTier.get(tier);
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
    }

    /** A tier's mean latency in microseconds; 0 when the tier never answered. */
    double meanMicros(Tier tier) {
        Histogram h = byTier.get(tier);
        return h.getTotalCount() == 0 ? 0 : h.getMean();
    }

    /** The mean latency of every answered request, whichever tier answered (the seed's "average"). */
    double meanMicros() {
        long all = answered();
        double total = 0;
        for (Tier tier : Tier.values()) {
            total += meanMicros(tier) * count(tier);
        }
        return all == 0 ? 0 : total / all;
    }

    void printTable(PrintStream out) {
        out.printf("%nscenario %s: %d answered, %d errors %s in %.1f s, %.0f requests/s, mean %.0f us, pipeline calls %d%n",
                scenario, answered(), errorCount(), errors.isEmpty() ? "" : errorsMap(), elapsedNanos / 1e9, throughput(),
                meanMicros(), pipelineCalls.sum());
        out.println("| tier | count | share | mean (us) | p50 (us) | p99 (us) | p99.9 (us) | max (us) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Tier tier : Tier.values()) {
            if (count(tier) > 0) {
                out.printf("| %s | %d | %.1f%% | %.0f | %d | %d | %d | %d |%n", tier, count(tier), 100 * share(tier),
                        meanMicros(tier), percentileMicros(tier, 50), percentileMicros(tier, 99),
                        percentileMicros(tier, 99.9), byTier.get(tier).getMaxValue());
            }
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            if (count(tier) > 0) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("count", count(tier));
                t.put("share", share(tier));
                t.put("mean_us", meanMicros(tier));
                t.put("p50_us", percentileMicros(tier, 50));
                t.put("p99_us", percentileMicros(tier, 99));
                t.put("p999_us", percentileMicros(tier, 99.9));
                t.put("max_us", byTier.get(tier).getMaxValue());
                tiers.put(tier.name().toLowerCase(), t);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("answered", answered());
        json.put("errors", errorsMap());
        json.put("elapsed_s", elapsedNanos / 1e9);
        json.put("throughput_rps", throughput());
        json.put("mean_us", meanMicros());
        json.put("pipeline_calls", pipelineCalls.sum());
        json.put("tiers", tiers);
        return json;
    }

    private Map<String, Long> errorsMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
