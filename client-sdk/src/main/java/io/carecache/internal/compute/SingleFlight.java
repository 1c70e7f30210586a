package io.carecache.internal.compute;

import io.carecache.CareCacheException;
import io.carecache.ComputeFailedException;
import io.carecache.CareResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs one computation per key at a time inside this process: concurrent callers for the same
 * key wait for the first and share its answer or its failure.
 */
public final class SingleFlight {
    private final ConcurrentMap<String, CompletableFuture<CareResponse>> inFlight = new ConcurrentHashMap<>();

    /** A computation that may throw. */
    @FunctionalInterface
    public interface Computation {
        CareResponse compute() throws Exception;
    }

    public CareResponse run(String key, Computation computation) {
        CompletableFuture<CareResponse> mine = new CompletableFuture<>();
        CompletableFuture<CareResponse> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return await(leader);
        }
        try {
            CareResponse response = computation.compute();
            mine.complete(response);
            return response;
        } catch (Exception e) {
            mine.completeExceptionally(e);
            throw failure(e);
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static CareResponse await(CompletableFuture<CareResponse> leader) {
        try {
            return leader.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComputeFailedException("interrupted while waiting for a concurrent computation", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    static RuntimeException failure(Throwable cause) {
        if (cause instanceof CareCacheException cce) {
            return cce;
        }
        return new ComputeFailedException("the response loader failed: " + cause.getClass().getSimpleName(), cause);
    }
}
