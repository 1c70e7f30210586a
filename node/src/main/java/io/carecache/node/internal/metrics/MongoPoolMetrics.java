package io.carecache.node.internal.metrics;

import com.mongodb.connection.ServerId;
import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionPoolClosedEvent;
import com.mongodb.event.ConnectionPoolCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MongoDB connection-pool pressure from the driver's pool events: {@code carecache_mongo_pool_in_use}
 * (connections checked out), {@code carecache_mongo_pool_max} (the pool's maximum size) and
 * {@code carecache_mongo_pool_waiting} (operations waiting for a connection).
 *
 * <p>The driver keeps one pool per server (a replica set has several, each of the maximum size);
 * in-use and waiting are those of the busiest pool, so in-use / max is the fill of the pool
 * nearest exhaustion rather than an average that hides it.
 */
public final class MongoPoolMetrics implements ConnectionPoolListener, MeterBinder {
    private final Map<ServerId, Pool> pools = new ConcurrentHashMap<>();
    private final int configuredMaxSize;

    /** {@code configuredMaxSize} ({@code mongodb.pool.max-size}) is reported until the driver creates a pool. */
    public MongoPoolMetrics(int configuredMaxSize) {
        this.configuredMaxSize = configuredMaxSize;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("carecache.mongo.pool.in.use", this, MongoPoolMetrics::inUse)
                .description("MongoDB connections checked out on this member (busiest server pool)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("carecache.mongo.pool.max", this, MongoPoolMetrics::maxSize)
                .description("MongoDB pool size of this member (mongodb.pool.max-size)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("carecache.mongo.pool.waiting", this, MongoPoolMetrics::waiting)
                .description("Operations waiting for a MongoDB connection on this member (busiest server pool)")
                .strongReference(true)
                .register(registry);
    }

    int inUse() {
        return pools.values().stream().mapToInt(p -> p.inUse.get()).max().orElse(0);
    }

    int maxSize() {
        return pools.values().stream().mapToInt(p -> p.maxSize).max().orElse(configuredMaxSize);
    }

    int waiting() {
        return pools.values().stream().mapToInt(p -> p.waiting.get()).max().orElse(0);
    }

    @Override
    public void connectionPoolCreated(ConnectionPoolCreatedEvent event) {
        pools.put(event.getServerId(), new Pool(event.getSettings().getMaxSize()));
    }

    @Override
    public void connectionPoolClosed(ConnectionPoolClosedEvent event) {
        pools.remove(event.getServerId());
    }

    @Override
    public void connectionCheckOutStarted(ConnectionCheckOutStartedEvent event) {
        pool(event.getServerId()).waiting.incrementAndGet();
    }

    @Override
    public void connectionCheckedOut(ConnectionCheckedOutEvent event) {
        Pool pool = pool(event.getConnectionId().getServerId());
        decrement(pool.waiting);
        pool.inUse.incrementAndGet();
    }

    @Override
    public void connectionCheckOutFailed(ConnectionCheckOutFailedEvent event) {
        decrement(pool(event.getServerId()).waiting);
    }

    @Override
    public void connectionCheckedIn(ConnectionCheckedInEvent event) {
        decrement(pool(event.getConnectionId().getServerId()).inUse);
    }

    // Events of a pool closed meanwhile land in a detached entry and are forgotten.
    private Pool pool(ServerId server) {
        Pool pool = pools.get(server);
        return pool != null ? pool : new Pool(configuredMaxSize);
    }

    private static void decrement(AtomicInteger counter) {
        counter.updateAndGet(n -> Math.max(0, n - 1));
    }

    private static final class Pool {
        final int maxSize;
        final AtomicInteger inUse = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();

        Pool(int maxSize) {
            this.maxSize = maxSize;
        }
    }
}
