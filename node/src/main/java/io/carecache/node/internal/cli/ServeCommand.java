package io.carecache.node.internal.cli;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import io.carecache.node.CareCacheNode;
import io.carecache.node.NodeSettings;
import io.carecache.node.internal.config.ConfigOptions;
import io.carecache.node.internal.config.NodeConfigLoader;
import io.carecache.node.internal.http.HealthEndpoints;
import io.carecache.node.internal.http.MetricsEndpoint;
import io.carecache.node.internal.http.NodeHttpServer;
import io.carecache.node.internal.http.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code serve} (the default command): loads the settings, starts a member, serves
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}, and on SIGTERM or SIGINT
 * leaves the cluster gracefully and exits 0. Invalid configuration surfaces as {@code InvalidConfigurationException},
 * which {@code Main} turns into exit code 2.
 */
final class ServeCommand implements CliCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static final long NOT_READY_REPORT_SECONDS = 30;

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "start a cluster member with /health and /metrics endpoints (the default) [--profile NAME] [--config FILE]";
    }

    @Override
    public int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println("usage: carecache-node serve [--profile development|production|high-traffic] [--config FILE]");
            System.out.println("Settings: config/carecache.yaml < profile < --config FILE < environment; see config-keys.");
            return EXIT_OK;
        }
        NodeSettings settings = NodeConfigLoader.fromClasspathAndEnvironment().load(ConfigOptions.parse(args));
        // serve owns the shutdown sequence; Hazelcast's own hook would terminate the member abruptly.
        if (System.getProperty("hazelcast.shutdownhook.enabled") == null) {
            System.setProperty("hazelcast.shutdownhook.enabled", "false");
        }
        LOG.info("Starting CareCache node: profile={} cluster={} L3={}", settings.profile(), settings.clusterName(),
                settings.mongoUri().isPresent() ? "MongoDB" : "embedded store under " + settings.embeddedDataDirectory());
        // Trapped before the member starts, so a SIGTERM during start-up still ends in a graceful stop.
        CountDownLatch stopRequested = new CountDownLatch(1);
        trap("TERM", stopRequested);
        trap("INT", stopRequested);
        CareCacheNode node;
        try {
            node = CareCacheNode.start(settings);
        } catch (RuntimeException e) {
            LOG.error("Cannot start the CareCache member", e);
            return EXIT_FAILURE;
        }
        NodeHttpServer http;
        try {
            http = MetricsEndpoint.addTo(HealthEndpoints.addTo(NodeHttpServer.builder(), () -> readiness(node)),
                    node::scrapeMetrics).start(settings.healthPort());
        } catch (RuntimeException e) {
            LOG.error("Cannot start the health endpoint on port {}: {}", settings.healthPort(), e.getMessage());
            node.close();
            return EXIT_FAILURE;
        }
        Shutdown shutdown = new Shutdown(http, node);
        // Covers every other way out (System.exit elsewhere, SIGHUP); idempotent with the path below.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "carecache-shutdown"));

        awaitReady(node, http, stopRequested);
        awaitUninterruptibly(stopRequested);
        shutdown.run();
        return EXIT_OK;
    }

    private static void awaitReady(CareCacheNode node, NodeHttpServer http, CountDownLatch stopRequested) {
        long waitedSeconds = 0;
        while (!node.isReady()) {
            if (await(stopRequested, 1)) {
                return;
            }
            if (++waitedSeconds % NOT_READY_REPORT_SECONDS == 0) {
                Readiness report = readiness(node);
                LOG.warn("CareCache node not ready after {} s: clusterSafe={} l3Reachable={}", waitedSeconds,
                        report.clusterSafe(), report.l3Reachable());
            }
        }
        LOG.info("CareCache node ready: member={} health=http://127.0.0.1:{}", member(node.hazelcast()), http.port());
    }

    static Readiness readiness(CareCacheNode node) {
        HazelcastInstance hazelcast = node.hazelcast();
        if (!hazelcast.getLifecycleService().isRunning()) {
            return Readiness.down();
        }
        boolean ready = node.isReady();
        return new Readiness(ready, member(hazelcast), true, hazelcast.getPartitionService().isClusterSafe(),
                node.l3ReachableAtLastHeartbeat());
    }

    private static String member(HazelcastInstance hazelcast) {
        Address address = hazelcast.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }

    // Handling SIGTERM ourselves (instead of only a shutdown hook) lets the process leave the
    // cluster gracefully and still exit 0; the JVM's default handler would exit 143.
    private static void trap(String signal, CountDownLatch stopRequested) {
        try {
            Signal.handle(new Signal(signal), received -> {
                LOG.info("Received SIG{}: shutting down", received.getName());
                stopRequested.countDown();
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot handle SIG{} ({}); relying on the shutdown hook", signal, e.getMessage());
        }
    }

    private static boolean await(CountDownLatch latch, long seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the health endpoint, then leaves the cluster gracefully; runs once. */
    private static final class Shutdown {
        private final NodeHttpServer http;
        private final CareCacheNode node;
        private final AtomicBoolean done = new AtomicBoolean();

        Shutdown(NodeHttpServer http, CareCacheNode node) {
            this.http = http;
            this.node = node;
        }

        void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            LOG.info("CareCache node stopping: closing the health endpoint, flushing writes, leaving the cluster");
            http.close();
            node.close();
            LOG.info("CareCache node stopped gracefully");
        }
    }
}
