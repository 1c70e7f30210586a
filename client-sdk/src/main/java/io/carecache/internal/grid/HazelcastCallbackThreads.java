package io.carecache.internal.grid;

import com.hazelcast.internal.util.ConcurrencyUtil;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives Hazelcast's default executor for asynchronous callbacks pooled threads on small machines.
 *
 * <p>Hazelcast completes {@code whenCompleteAsync} callbacks without an explicit executor on
 * {@link ConcurrencyUtil#getDefaultAsyncExecutor()}, which is the common fork-join pool, or, when
 * that pool's parallelism is 1 (two CPUs or fewer, a common container limit), a <em>new thread per
 * callback</em>, as {@code CompletableFuture} does. A client's {@code putAll}/{@code putAllAsync}
 * registers one such callback per partition it writes to: each batch of audit events started up
 * to one thread per partition (271 by default), which on two cores pushed the median L2 lookup to
 * several times the raw {@code IMap.get}. The replacement keeps the thread-per-task semantics that
 * matter (never queues, so a blocking callback cannot starve another) but reuses idle threads.
 */
public final class HazelcastCallbackThreads {
    private static final long IDLE_SECONDS = 60;
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOLED = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "carecache-hz-callback-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private HazelcastCallbackThreads() {
    }

    /**
     * Installs the pooled executor when Hazelcast still uses its thread-per-callback fallback;
     * leaves the common pool, or an executor someone else installed, alone. Idempotent.
     */
    public static synchronized void pool() {
        if (ForkJoinPool.getCommonPoolParallelism() > 1) {
            return;
        }
        // Hazelcast's fallback is a lambda of ConcurrencyUtil itself; anything else was chosen on purpose.
        String current = ConcurrencyUtil.getDefaultAsyncExecutor().getClass().getName();
        if (current.startsWith(ConcurrencyUtil.class.getName() + "$$Lambda")) {
            ConcurrencyUtil.setDefaultAsyncExecutor(POOLED);
        }
    }
}
