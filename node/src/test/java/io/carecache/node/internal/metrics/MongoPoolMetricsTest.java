package io.carecache.node.internal.metrics;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ConnectionId;
import com.mongodb.connection.ConnectionPoolSettings;
import com.mongodb.connection.ServerId;
import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionPoolClosedEvent;
import com.mongodb.event.ConnectionPoolCreatedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool gauges follow the MongoDB driver's pool events (the events the driver emits, replayed). */
class MongoPoolMetricsTest {
    private static final ClusterId CLUSTER = new ClusterId();
    private static final ServerId PRIMARY = new ServerId(CLUSTER, new ServerAddress("db-0", 27017));
    private static final ServerId SECONDARY = new ServerId(CLUSTER, new ServerAddress("db-1", 27017));

    private final MongoPoolMetrics pool = new MongoPoolMetrics(20);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long connectionIds;

    @BeforeEach
    void bind() {
        pool.bindTo(registry);
    }

    @Test
    void maxSize_beforeAnyPool_isTheConfiguredSize() {
        assertThat(gauge("carecache.mongo.pool.max")).isEqualTo(20);
        assertThat(gauge("carecache.mongo.pool.in.use")).isZero();
    }

    @Test
    void maxSize_afterThePoolIsCreated_isTheDriversSetting() {
        pool.connectionPoolCreated(created(PRIMARY, 50));

        assertThat(gauge("carecache.mongo.pool.max")).isEqualTo(50);
    }

    @Test
    void inUse_followsCheckOutsAndCheckIns() {
        pool.connectionPoolCreated(created(PRIMARY, 10));
        ConnectionId first = checkOut(PRIMARY);
        checkOut(PRIMARY);
        checkOut(PRIMARY);

        pool.connectionCheckedIn(new ConnectionCheckedInEvent(first, 1));

        assertThat(gauge("carecache.mongo.pool.in.use")).isEqualTo(2);
    }

    @Test
    void inUse_withSeveralServers_isTheBusiestPool() {
        pool.connectionPoolCreated(created(PRIMARY, 10));
        pool.connectionPoolCreated(created(SECONDARY, 10));
        checkOut(PRIMARY);
        checkOut(PRIMARY);
        checkOut(PRIMARY);
        checkOut(SECONDARY);

        assertThat(gauge("carecache.mongo.pool.in.use")).isEqualTo(3);
    }

    @Test
    void waiting_countsCheckOutsNotYetServed() {
        pool.connectionPoolCreated(created(PRIMARY, 1));
        pool.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(PRIMARY, 1));
        pool.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(PRIMARY, 2));
        pool.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(PRIMARY, 3));
        pool.connectionCheckedOut(new ConnectionCheckedOutEvent(new ConnectionId(PRIMARY, ++connectionIds, null), 1, 0));
        pool.connectionCheckOutFailed(new ConnectionCheckOutFailedEvent(PRIMARY, 2, ConnectionCheckOutFailedEvent.Reason.TIMEOUT, 0));

        assertThat(gauge("carecache.mongo.pool.waiting")).isEqualTo(1);
    }

    @Test
    void closedPool_isForgotten() {
        pool.connectionPoolCreated(created(PRIMARY, 10));
        checkOut(PRIMARY);

        pool.connectionPoolClosed(new ConnectionPoolClosedEvent(PRIMARY));

        assertThat(gauge("carecache.mongo.pool.in.use")).isZero();
        assertThat(gauge("carecache.mongo.pool.max")).isEqualTo(20);
    }

    private ConnectionId checkOut(ServerId server) {
        ConnectionId id = new ConnectionId(server, ++connectionIds, null);
        pool.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(server, connectionIds));
        pool.connectionCheckedOut(new ConnectionCheckedOutEvent(id, connectionIds, 0));
        return id;
    }

    private static ConnectionPoolCreatedEvent created(ServerId server, int maxSize) {
        return new ConnectionPoolCreatedEvent(server, ConnectionPoolSettings.builder().maxSize(maxSize).build());
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
