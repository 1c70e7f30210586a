package io.carecache.internal.compute;

import com.hazelcast.map.IMap;
import io.carecache.CareResponse;
import io.carecache.ComputeFailedException;
import io.carecache.ComputeSettings;
import io.carecache.PipelineUnavailableException;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs one computation per key across the whole cluster. The first caller to put a lease into
 * the in-flight map with {@code putIfAbsent} leads: it computes, stores the answer and removes
 * the lease. Every other caller polls the lease (backing off up to {@value #MAX_BACKOFF_MILLIS} ms)
 * until it is gone and reads the stored answer. A failing leader replaces its lease by a failure
 * marker; a leader that dies stops renewing and its lease lapses, and a waiter takes over.
 *
 * <p>Why a lease in an IMap and not a CP {@code FencedLock}: without CP members Hazelcast runs
 * the CP subsystem in unsafe mode, where a lock held by a dead client is only released after
 * the session times out (minutes by default), and lock ownership cannot carry the leader's
 * failure to the waiters. A TTL lease expires on its own and its value says how the leader fared.
 *
 * <p>A caller takes a failure marker as its own outcome when it saw that very lease running, or
 * when the failure was published after the caller arrived: it was waiting for that computation.
 * An older marker (or one from the caller's own millisecond) is stale: the caller replaces it and
 * computes anew. Clock skew between processes only moves that boundary by the skew.
 */
public final class ClusterSingleFlight implements AutoCloseable {
    private static final long MIN_BACKOFF_MILLIS = 2;
    private static final long MAX_BACKOFF_MILLIS = 50;

    private final IMap<String, String> leases;
    private final ComputeSettings settings;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor renewals;

    public ClusterSingleFlight(IMap<String, String> leases, ComputeSettings settings, Clock clock) {
        this.leases = leases;
        this.settings = settings;
        this.clock = clock;
        // One daemon thread, started on first use, renews the leases this process holds.
        this.renewals = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "carecache-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        renewals.setRemoveOnCancelPolicy(true);
    }

    /**
     * Returns the answer for {@code key}: the one already stored ({@code stored}), or the one the
     * cluster's leader computes, which may be this caller running {@code leaderWork} (compute and store).
     *
     * @throws ComputeFailedException when the leader's computation failed, or waiting took longer than the wait timeout
     */
    public CareResponse run(String key, Supplier<Optional<CareResponse>> stored, SingleFlight.Computation leaderWork) {
        long arrivedAt = clock.millis();
        long deadline = System.nanoTime() + settings.waitTimeout().toNanos();
        String seenToken = "";
        long backoff = MIN_BACKOFF_MILLIS;
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                throw new ComputeFailedException("gave up after " + settings.waitTimeout().toSeconds()
                        + " s waiting for another member or client computing this answer ("
                        + ComputeSettings.WAIT_TIMEOUT + ")");
            }
            String value = leases.get(key);
            Optional<Lease> lease = Lease.decode(value);
            if (lease.isPresent() && lease.get().running()) {
                seenToken = lease.get().token();
            } else {
                Optional<CareResponse> answer = stored.get();
                if (answer.isPresent()) {
                    return answer.get();
                }
                if (lease.isPresent()) {
                    Lease failed = lease.get();
                    if (failed.token().equals(seenToken) || failed.atMillis() > arrivedAt) {
                        throw new ComputeFailedException("the response loader failed on the member or client computing "
                                + "this answer (" + failed.cause() + "); nothing was cached");
                    }
                }
                // Nothing running: no lease, a stale failure, or a dead leader's lease that lapsed.
                if (value == null || leases.remove(key, value)) {
                    Lease mine = Lease.start(clock.millis());
                    if (leases.putIfAbsent(key, mine.encode(), ttlMillis(), TimeUnit.MILLISECONDS) == null) {
                        return lead(key, mine, stored, leaderWork);
                    }
                }
                // Another caller got there first: wait for it without sleeping.
                continue;
            }
            backoff = park(backoff);
        }
    }

    private CareResponse lead(String key, Lease mine, Supplier<Optional<CareResponse>> stored,
                              SingleFlight.Computation leaderWork) {
        String held = mine.encode();
        long period = Math.max(1, ttlMillis() / 3);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(key, held), period, period,
                TimeUnit.MILLISECONDS);
        try {
            // An earlier leader may have stored the answer between our miss and our lease.
            Optional<CareResponse> answer = stored.get();
            CareResponse response = answer.isPresent() ? answer.get() : leaderWork.compute();
            renewal.cancel(false);
            leases.remove(key, held);
            return response;
        } catch (Exception e) {
            renewal.cancel(false);
            publishFailure(key, mine, held, e);
            throw SingleFlight.failure(e);
        } catch (Error e) {
            renewal.cancel(false);
            publishFailure(key, mine, held, e);
            throw e;
        }
    }

    private void publishFailure(String key, Lease mine, String held, Throwable error) {
        try {
            if (error instanceof PipelineUnavailableException) {
                // Not the pipeline's failure but this process's breaker: let a waiter try with its own.
                leases.remove(key, held);
            } else if (leases.replace(key, held, mine.failed(clock.millis(), error).encode())) {
                // replace keeps no TTL of its own: the marker must lapse like a lease.
                leases.setTtl(key, ttlMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException gridGone) {
            // The grid is unreachable: the lease lapses on its own and waiters take over.
        }
    }

    private void renew(String key, String held) {
        try {
            if (held.equals(leases.get(key))) {
                leases.setTtl(key, ttlMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException gridGone) {
            // This member or client lost the grid: the lease lapses and a waiter takes over.
        }
    }

    private long ttlMillis() {
        return settings.leaseTtl().toMillis();
    }

    private static long park(long backoffMillis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new ComputeFailedException("interrupted while waiting for another member or client computing this answer");
        }
        return Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    }

    /** Stops renewing; leases still held lapse on their own. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
