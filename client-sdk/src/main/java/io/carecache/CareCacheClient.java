package io.carecache;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.client.properties.ClientProperty;
import com.hazelcast.core.HazelcastInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds a {@link CareCache} over a Hazelcast thin client that the facade owns: closing the facade
 * shuts the client down. For applications that reach the grid over the network (the usual case;
 * members hold no data keys).
 *
 * <pre>{@code
 * CareCache cache = CareCacheClient.builder()
 *         .clusterName("carecache")
 *         .kubernetes("carecache", "carecache-members")   // or .addresses("10.0.0.5:5701", ...)
 *         .keyRing(KeyRing.fromEnvironment())
 *         .build();
 * }</pre>
 *
 * <h2>Reconnect and retry</h2>
 * The client is a smart client: it connects to every member and sends each operation to the
 * member owning the key.
 * <ul>
 *   <li><b>One member leaves or restarts</b> (rolling update, graceful shutdown): the cluster stays
 *       up, partitions move to the remaining members, and an operation that hit the leaving
 *       member is retried by the client against the new owner, pausing
 *       {@code hazelcast.client.invocation.retry.pause.millis} (1 s) between attempts, until it
 *       succeeds or the {@linkplain Builder#invocationTimeout invocation timeout} passes. Reads
 *       ({@code lookup}) are always retried. A write ({@code store}, {@code invalidate}) whose
 *       connection dropped while it was in flight is not (Hazelcast cannot know whether it ran)
 *       and throws; storing the same answer again is harmless. Entries survive because the map
 *       keeps one synchronous backup. The window where calls can fail is the moment the
 *       member's connections close: a few calls at most.</li>
 *   <li>A lookup never throws because the grid failed it: it answers {@link Tier#MISS} with
 *       {@link LookupResult#degraded()} set, so the caller runs its own pipeline.</li>
 *   <li><b>The whole cluster is unreachable</b>: with {@link Reconnect#ON} (the default) calls
 *       block, retrying, until the client is connected again or the invocation timeout passes
 *       ({@code OperationTimeoutException}; a degraded MISS for lookups); with
 *       {@link Reconnect#ASYNC} they fail at once with {@code HazelcastClientOfflineException}
 *       (again a degraded MISS for lookups) while the client reconnects in the background —
 *       choose it when the caller would rather run its own pipeline than wait. Reconnect attempts
 *       back off from {@linkplain Builder#retryBackoff the initial to the maximum backoff}, and
 *       the client gives up (shuts down for good) after the
 *       {@linkplain Builder#clusterConnectTimeout cluster connect timeout}, which is unbounded
 *       by default.</li>
 *   <li>L1 (the near cache) keeps answering from memory meanwhile. Invalidations it missed while
 *       disconnected are found by Hazelcast's near cache reconciliation (per-partition sequence
 *       numbers, checked every {@code hazelcast.invalidation.reconciliation.interval.seconds},
 *       60 s by default), which drops the stale entries.</li>
 * </ul>
 * {@link Builder#build()} blocks until the client is connected (or the cluster connect timeout
 * passes). {@code docs/client.md} has the same in prose.
 */
public final class CareCacheClient {
    private CareCacheClient() {
    }

    /** A builder with the defaults listed on its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** What the client does while it has no connection to the cluster. */
    public enum Reconnect {
        /** Reconnect in the background; calls block until connected or the invocation timeout passes. */
        ON,
        /** Reconnect in the background; calls fail at once with {@code HazelcastClientOfflineException}. */
        ASYNC
    }

    /** Configures the client and its facade; {@link #build()} validates and connects. */
    public static final class Builder {
        static final String CLUSTER_NAME = "client.cluster-name";
        static final String ADDRESSES = "client.addresses";
        static final String KUBERNETES = "client.kubernetes";
        static final String CONNECTION_TIMEOUT = "client.connection-timeout";
        static final String INVOCATION_TIMEOUT = "client.invocation-timeout";
        static final String CLUSTER_CONNECT_TIMEOUT = "client.cluster-connect-timeout";
        static final String RETRY_BACKOFF = "client.retry-backoff";
        private static final String HOST = "[A-Za-z0-9._-]+(:[0-9]{1,5})?";
        private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

        private String clusterName = "carecache";
        private List<String> addresses = List.of();
        private Optional<String[]> kubernetes = Optional.empty();
        private CacheSettings settings = CacheSettings.DEFAULTS;
        private Optional<Path> l1PreloadDirectory = Optional.empty();
        private KeyRing keyRing;
        private Consumer<CareCache.Builder> facadeOptions = facade -> { };
        private Optional<Function<HazelcastInstance, SemanticIndex>> semanticIndex = Optional.empty();
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration invocationTimeout = Duration.ofSeconds(10);
        private Optional<Duration> clusterConnectTimeout = Optional.empty();
        private Reconnect reconnect = Reconnect.ON;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double multiplier = 2.0;
        private double jitter = 0.2;

        private Builder() {
        }

        /** The Hazelcast cluster name; {@code carecache} by default. */
        public Builder clusterName(String name) {
            this.clusterName = Objects.requireNonNull(name, CLUSTER_NAME);
            return this;
        }

        /** Members to connect to first ({@code host} or {@code host:port}); the client learns the rest. */
        public Builder addresses(String... hostAndPorts) {
            this.addresses = List.copyOf(Arrays.asList(hostAndPorts));
            return this;
        }

        /** Finds the members through the Kubernetes API: the members' (headless) Service in a namespace. */
        public Builder kubernetes(String namespace, String serviceName) {
            this.kubernetes = Optional.of(new String[] {Objects.requireNonNull(namespace, KUBERNETES + ".namespace"),
                    Objects.requireNonNull(serviceName, KUBERNETES + ".service-name")});
            return this;
        }

        /** Map name and near cache (L1) size, TTL and policy; must match the members'. {@link CacheSettings#DEFAULTS} by default. */
        public Builder settings(CacheSettings cacheSettings) {
            this.settings = Objects.requireNonNull(cacheSettings, "settings");
            return this;
        }

        /** Where the near cache (L1) saves its keys (a minute after start, then every minute), so a restarted client starts warm; none by default. */
        public Builder nearCachePreloadDirectory(Path directory) {
            this.l1PreloadDirectory = Optional.of(directory);
            return this;
        }

        /** The data keys; required. */
        public Builder keyRing(KeyRing ring) {
            this.keyRing = Objects.requireNonNull(ring, "keyRing");
            return this;
        }

        /**
         * Options of the facade itself — rate limits, compute settings, PHI policy, service id —
         * applied to its {@link CareCache.Builder}, e.g.
         * {@code .facade(f -> f.rateLimits(limits).phiPolicy(policy))}. Every option the facade has
         * is available here without being repeated on this builder. Key ring and cache settings
         * come from this builder (the near cache is configured from the same settings).
         */
        public Builder facade(Consumer<CareCache.Builder> options) {
            this.facadeOptions = facadeOptions.andThen(Objects.requireNonNull(options, "facade options"));
            return this;
        }

        /**
         * Enables semantic hits with an index made for the client once it is connected, e.g.
         * {@code .semanticIndex(client -> SemanticGrid.index(client, settings))}; off by default.
         */
        public Builder semanticIndex(Function<HazelcastInstance, SemanticIndex> index) {
            this.semanticIndex = Optional.of(Objects.requireNonNull(index, "semanticIndex"));
            return this;
        }

        /** How long opening one connection to a member may take; 5 s by default (100 ms to 10 min). */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = Objects.requireNonNull(timeout, CONNECTION_TIMEOUT);
            return this;
        }

        /**
         * How long one operation may take, retries included, before it fails; 10 s by default
         * (1 s to 1 h, whole seconds) — short, so a caller with a latency budget falls back to its
         * own pipeline instead of hanging while the grid is away.
         */
        public Builder invocationTimeout(Duration timeout) {
            this.invocationTimeout = Objects.requireNonNull(timeout, INVOCATION_TIMEOUT);
            return this;
        }

        /**
         * How long the client tries to (re)connect to the cluster before giving up and shutting
         * down; unbounded by default. Also bounds {@link #build()} when the cluster is not there.
         */
        public Builder clusterConnectTimeout(Duration timeout) {
            this.clusterConnectTimeout = Optional.of(Objects.requireNonNull(timeout, CLUSTER_CONNECT_TIMEOUT));
            return this;
        }

        /** What calls do while the client is disconnected; {@link Reconnect#ON} by default. */
        public Builder reconnect(Reconnect mode) {
            this.reconnect = Objects.requireNonNull(mode, "reconnect");
            return this;
        }

        /**
         * Pauses between attempts to reconnect to the cluster: {@code initial}, then multiplied by
         * {@code multiplier} up to {@code max}, each varied by up to ±{@code jitter} (a fraction)
         * so many clients do not reconnect in step. 1 s, 10 s, 2.0 and 0.2 by default.
         */
        public Builder retryBackoff(Duration initial, Duration max, double backoffMultiplier, double backoffJitter) {
            this.initialBackoff = Objects.requireNonNull(initial, RETRY_BACKOFF + ".initial");
            this.maxBackoff = Objects.requireNonNull(max, RETRY_BACKOFF + ".max");
            this.multiplier = backoffMultiplier;
            this.jitter = backoffJitter;
            return this;
        }

        /**
         * Validates, starts the client (blocking until it is connected) and returns a facade that
         * owns it.
         *
         * @throws InvalidConfigurationException naming the setting that is missing or out of range
         * @throws KeyRingException when no key ring was given
         * @throws GridUnreachableException when no member answered within the cluster connect timeout
         */
        public CareCache build() {
            if (keyRing == null) {
                throw new KeyRingException("a key ring is required: KeyRing.fromEnvironment(), fromFile(path) or generate(id)");
            }
            ClientConfig config = clientConfig();
            HazelcastInstance client;
            try {
                client = HazelcastClient.newHazelcastClient(config);
            } catch (IllegalStateException e) {
                throw new GridUnreachableException("cannot connect to cluster '" + clusterName + "' at "
                        + (kubernetes.isPresent() ? "Kubernetes service " + String.join("/", kubernetes.get()) : addresses)
                        + " within " + CLUSTER_CONNECT_TIMEOUT + " (" + clusterConnectTimeout.map(Duration::toString)
                        .orElse("unbounded") + "): " + e.getMessage(), e);
            }
            try {
                CareCache.Builder facade = CareCache.builder(client);
                facadeOptions.accept(facade);
                facade.keyRing(keyRing).settings(settings).owning(client::shutdown);
                semanticIndex.ifPresent(index -> facade.semanticIndex(index.apply(client)));
                return facade.build();
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        }

        /** The validated Hazelcast client configuration {@link #build()} starts. */
        ClientConfig clientConfig() {
            validate();
            ClientConfig config = new ClientConfig().setClusterName(clusterName);
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty(ClientProperty.INVOCATION_TIMEOUT_SECONDS.getName(),
                    Long.toString(invocationTimeout.toSeconds()));
            config.getNetworkConfig().setConnectionTimeout(Math.toIntExact(connectionTimeout.toMillis()));
            if (kubernetes.isPresent()) {
                config.getNetworkConfig().getKubernetesConfig().setEnabled(true)
                        .setProperty("namespace", kubernetes.get()[0])
                        .setProperty("service-name", kubernetes.get()[1]);
            } else {
                config.getNetworkConfig().setAddresses(addresses);
            }
            ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig()
                    .setAsyncStart(false)
                    .setReconnectMode(reconnect == Reconnect.ASYNC
                            ? ClientConnectionStrategyConfig.ReconnectMode.ASYNC
                            : ClientConnectionStrategyConfig.ReconnectMode.ON);
            ConnectionRetryConfig retry = strategy.getConnectionRetryConfig()
                    .setInitialBackoffMillis(Math.toIntExact(initialBackoff.toMillis()))
                    .setMaxBackoffMillis(Math.toIntExact(maxBackoff.toMillis()))
                    .setMultiplier(multiplier)
                    .setJitter(jitter);
            retry.setClusterConnectTimeoutMillis(clusterConnectTimeout.map(Duration::toMillis)
                    .orElse((long) ConnectionRetryConfig.DEFAULT_CLUSTER_CONNECT_TIMEOUT_MILLIS));
            return CareCacheGrid.configureClient(config, settings, l1PreloadDirectory);
        }

        private void validate() {
            if (!clusterName.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvalidConfigurationException(CLUSTER_NAME, "must be 1-64 characters of A-Z a-z 0-9 . _ -, was '"
                        + clusterName + "'");
            }
            if (kubernetes.isPresent() == !addresses.isEmpty()) {
                throw new InvalidConfigurationException(ADDRESSES, "give either member addresses or Kubernetes discovery, "
                        + (kubernetes.isPresent() ? "not both" : "none was given"));
            }
            for (String address : addresses) {
                if (address == null || !address.matches(HOST)) {
                    throw new InvalidConfigurationException(ADDRESSES, "each must be host or host:port, was '" + address + "'");
                }
            }
            kubernetes.ifPresent(k -> {
                if (!k[0].matches(DNS_LABEL) || !k[1].matches(DNS_LABEL)) {
                    throw new InvalidConfigurationException(KUBERNETES, "namespace and service name must be DNS labels, were '"
                            + k[0] + "' and '" + k[1] + "'");
                }
            });
            inRange(CONNECTION_TIMEOUT, connectionTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
            inRange(INVOCATION_TIMEOUT, invocationTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
            clusterConnectTimeout.ifPresent(t -> inRange(CLUSTER_CONNECT_TIMEOUT, t, Duration.ofSeconds(1), Duration.ofDays(365)));
            inRange(RETRY_BACKOFF + ".initial", initialBackoff, Duration.ofMillis(10), Duration.ofMinutes(10));
            inRange(RETRY_BACKOFF + ".max", maxBackoff, initialBackoff, Duration.ofMinutes(10));
            if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
                throw new InvalidConfigurationException(RETRY_BACKOFF + ".multiplier", "must be between 1.0 and 10.0, was " + multiplier);
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new InvalidConfigurationException(RETRY_BACKOFF + ".jitter", "must be between 0.0 and 1.0, was " + jitter);
            }
        }

        private static void inRange(String setting, Duration value, Duration min, Duration max) {
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidConfigurationException(setting, "must be between " + min + " and " + max + ", was " + value);
            }
        }
    }
}
