package io.carecache.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.KeyRing;
import io.carecache.Tier;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * CPU time and allocation of one L1 lookup, measured by the JVM per thread rather than by the wall
 * clock: on a shared, loaded machine a thread's CPU time still says what the lookup costs when it
 * runs, where wall-clock percentiles mostly measure the scheduler. Prints, per round of lookups, the
 * calling thread's CPU µs and allocated bytes per lookup, and the whole process's CPU µs per lookup
 * (member, audit flusher, GC and JIT included); then the medians, and how many of the lookups' audit
 * events were dropped.
 * Usage: {@code java -cp benchmarks.jar io.carecache.benchmarks.L1CpuProfile [answerBytes] [rounds]}.
 */
public final class L1CpuProfile {
    private static final int PER_ROUND = 50_000;

    private L1CpuProfile() {
    }

    public static void main(String[] args) {
        int answerBytes = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.setProperty("hazelcast.logging.type", "none");
        System.setProperty("hazelcast.phone.home.enabled", "false");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long self = Thread.currentThread().getId();
        try (GridFixture grid = new GridFixture(CacheSettings.DEFAULTS)) {
            HazelcastInstance client = grid.clientWithNearCache(CacheSettings.DEFAULTS);
            CareCache cache = CareCache.builder(client).keyRing(KeyRing.generate("bench")).build();
            CacheRequest request = CacheRequest.shared("I'm feeling anxious about my diabetes",
                    CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes").build());
            cache.store(request, Answers.ofBytes(answerBytes, 42));
            cache.lookup(request);
            if (cache.lookup(request).tier() != Tier.L1) {
                throw new IllegalStateException("expected an L1 hit");
            }
            for (int i = 0; i < 4 * PER_ROUND; i++) {
                cache.lookup(request); // JIT warm-up
            }
            double[] cpu = new double[rounds];
            double[] alloc = new double[rounds];
            double[] process = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long a0 = threads.getThreadAllocatedBytes(self);
                long p0 = os.getProcessCpuTime();
                for (int i = 0; i < PER_ROUND; i++) {
                    if (cache.lookup(request).tier() != Tier.L1) {
                        throw new IllegalStateException("expected an L1 hit");
                    }
                }
                cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / PER_ROUND;
                alloc[r] = (threads.getThreadAllocatedBytes(self) - a0) / (double) PER_ROUND;
                process[r] = (os.getProcessCpuTime() - p0) / 1e3 / PER_ROUND;
                System.out.printf("round %d: thread CPU %.2f us/lookup, allocated %.0f B/lookup, process CPU %.2f us/lookup%n",
                        r, cpu[r], alloc[r], process[r]);
            }
            System.out.printf("median (answer %d B): thread CPU %.2f us/lookup, allocated %.0f B/lookup, process CPU %.2f us/lookup%n",
                    answerBytes, median(cpu), median(alloc), median(process));
            // An access log must account for every hit: how many the audit trail could not take.
            System.out.printf("audit: %d of %d lookups dropped%n", cache.stats().protection().auditEventsDropped(),
                    (long) (4 + rounds) * PER_ROUND + 2);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
