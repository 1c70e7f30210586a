package io.carecache.node.internal.metrics;

import com.hazelcast.core.HazelcastInstance;
import io.carecache.CareCacheMetrics;
import io.carecache.CacheSettings;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.Supplier;

/**
 * A member's metrics registry (Prometheus): the JVM (memory, GC, threads, class loading, CPU,
 * uptime), the entry map as this member holds it ({@link CareCacheMetrics#ofMember}: L2 entries,
 * evictions, write-behind queue depth, Hazelcast map statistics) and the MongoDB pool.
 * {@code /metrics} renders it; facades of applications embedding the member can be bound to it.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private NodeMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** Binds everything above for {@code member}'s entry map; {@code mongoPool} must be the L3 client's pool listener. */
    public static NodeMetrics start(HazelcastInstance member, CacheSettings cache, MongoPoolMetrics mongoPool) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        CareCacheMetrics.ofMember(member, cache).bindTo(registry);
        mongoPool.bindTo(registry);
        return new NodeMetrics(registry, gc);
    }

    /** The registry: bind more to it, or scrape it. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Exports a circuit breaker's state as {@code carecache_circuit_state{name}} (0 closed,
     * 1 half-open, 2 open), e.g. {@code circuit("mongodb", breaker::state)}; {@code state} returns
     * the Resilience4j state name.
     */
    public void circuit(String name, Supplier<String> state) {
        CareCacheMetrics.circuit(name, state).bindTo(registry);
    }

    /** The Prometheus text exposition format (version 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
