package io.carecache.node.internal.l3;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ServerDescription;
import com.mongodb.event.ConnectionPoolListener;
import io.carecache.node.NodeSettings;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The member's connection to L3: the MongoDB client (and, without a URI, the embedded
 * development store), the entry collection with its indexes, and a reachability probe.
 */
public final class MongoL3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoL3.class);
    /** How long an operation waits for a reachable server before failing: short, so an outage surfaces quickly. */
    static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    static final Duration POOL_WAIT = Duration.ofSeconds(5);

    private final Optional<EmbeddedMongo> embedded;
    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final MongoBreaker breaker = new MongoBreaker();
    private final MongoCollection<Document> subjectKeys;
    private final MongoCollection<Document> audit;
    private final Duration auditRetention;
    private volatile boolean indexesEnsured;

    private MongoL3(Optional<EmbeddedMongo> embedded, MongoClient client, String databaseName, Duration auditRetention) {
        this.embedded = embedded;
        this.client = client;
        this.database = client.getDatabase(databaseName);
        this.collection = database.getCollection(MongoEntryStore.COLLECTION);
        this.subjectKeys = database.getCollection(MongoSubjectKeyStore.COLLECTION);
        this.audit = database.getCollection(MongoAuditStore.COLLECTION);
        this.auditRetention = auditRetention;
    }

    /**
     * Connects to {@code settings.mongoUri()} or starts the embedded store when it is empty, and
     * ensures the collection's indexes.
     *
     * @throws MongoException when MongoDB cannot be reached within the server selection timeout
     */
    public static MongoL3 open(NodeSettings settings) {
        return open(settings, new ConnectionPoolListener() { });
    }

    /**
     * As {@link #open(NodeSettings)}, with {@code poolListener} seeing the driver's connection pool
     * events (the node's pool metrics).
     */
    public static MongoL3 open(NodeSettings settings, ConnectionPoolListener poolListener) {
        Optional<EmbeddedMongo> embedded = settings.mongoUri().filter(uri -> !uri.isBlank()).isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedMongo.start(settings.embeddedDataDirectory()));
        String uri = embedded.map(EmbeddedMongo::connectionString).orElseGet(() -> settings.mongoUri().orElseThrow());
        MongoClient client = MongoClients.create(clientSettings(uri, settings.mongoPoolMaxSize(), poolListener));
        MongoL3 l3 = new MongoL3(embedded, client, settings.mongoDatabase(), settings.auditRetention());
        l3.tryEnsureIndexes();
        return l3;
    }

    /**
     * Creates the indexes if they are not known to exist. A member may start while MongoDB is
     * down (L1/L2 keep serving); the next successful {@link #ping()} creates them then.
     */
    private boolean tryEnsureIndexes() {
        if (indexesEnsured) {
            return true;
        }
        try {
            MongoEntryStore.ensureIndexes(collection);
            MongoAuditStore.ensureIndexes(audit, auditRetention);
            indexesEnsured = true;
        } catch (MongoException e) {
            LOG.warn("MongoDB (L3) is not reachable, indexes not ensured yet; reads fall back to L1/L2: {}", e.getMessage());
        }
        return indexesEnsured;
    }

    static MongoClientSettings clientSettings(String uri, int poolMaxSize, ConnectionPoolListener poolListener) {
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applicationName("carecache-node")
                .applyToClusterSettings(b -> b.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(Math.toIntExact(CONNECT_TIMEOUT.toMillis()), TimeUnit.MILLISECONDS)
                        .readTimeout(Math.toIntExact(READ_TIMEOUT.toMillis()), TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(b -> b.maxSize(Math.max(1, poolMaxSize))
                        .maxWaitTime(POOL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .addConnectionPoolListener(poolListener))
                .build();
    }

    /** The database of the entry collection (the semantic index keeps its collections there too). */
    public MongoDatabase database() {
        return database;
    }

    /** The entry collection. */
    public MongoCollection<Document> collection() {
        return collection;
    }

    /** The collection of wrapped subject keys. */
    public MongoCollection<Document> subjectKeyCollection() {
        return subjectKeys;
    }

    /** The append-only audit collection. */
    public MongoCollection<Document> auditCollection() {
        return audit;
    }

    /** A MapStore for the subject-key map. */
    public MongoSubjectKeyStore newSubjectKeyStore() {
        return new MongoSubjectKeyStore(subjectKeys);
    }

    /** A MapStore for the audit map. */
    public MongoAuditStore newAuditStore() {
        return new MongoAuditStore(audit);
    }

    /** The member-side eraser of subjects' stored documents. */
    public MongoSubjectEraser newSubjectEraser() {
        return new MongoSubjectEraser(collection, subjectKeys);
    }

    /** A MapStore for one member's entry map, its calls through this member's {@link #breaker()}. */
    public MongoEntryStore newStore(Duration l2Ttl, Clock clock) {
        return new MongoEntryStore(collection, l2Ttl, clock, breaker);
    }

    /** The circuit breaker around the MapStore's MongoDB calls (not around {@link #ping()}: readiness must see the truth). */
    public MongoBreaker breaker() {
        return breaker;
    }

    /** Whether MongoDB answers a ping now and the indexes exist (waits at most the server selection timeout). */
    public boolean ping() {
        try {
            database.runCommand(new Document("ping", 1));
            return tryEnsureIndexes();
        } catch (MongoException e) {
            return false;
        }
    }

    /**
     * Whether the driver's server monitor last saw a usable MongoDB server. Never blocks (it is the
     * monitor's heartbeat view, not a round trip), so a readiness probe can report it within its own
     * timeout while MongoDB is down.
     */
    public boolean monitorSeesServer() {
        return client.getClusterDescription().getServerDescriptions().stream().anyMatch(ServerDescription::isOk);
    }

    /** Whether this is the embedded development store. */
    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    /** Closes the client, then stops the embedded store if there is one. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            embedded.ifPresent(EmbeddedMongo::close);
        }
    }
}
