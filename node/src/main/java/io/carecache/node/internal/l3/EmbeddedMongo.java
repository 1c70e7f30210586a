package io.carecache.node.internal.l3;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The development L3: a MongoDB wire-protocol server (mongo-java-server) in this process, its
 * data in an H2 file under a local directory, listening on 127.0.0.1 only. Started when no
 * MongoDB URI is configured; never for production (one process, no replication, no backups).
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String FILE_NAME = "carecache-l3.mv.db";

    private final MongoServer server;
    private final String connectionString;

    private EmbeddedMongo(MongoServer server, String connectionString) {
        this.server = server;
        this.connectionString = connectionString;
    }

    /**
     * Starts the store on a free loopback port with its data under {@code directory}.
     *
     * @throws IllegalStateException when the directory cannot be used, e.g. another process holds the file
     */
    public static EmbeddedMongo start(Path directory) {
        Path file = directory.toAbsolutePath().resolve(FILE_NAME);
        H2Backend backend;
        try {
            Files.createDirectories(directory);
            backend = new H2Backend(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded MongoDB data directory " + directory, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the embedded MongoDB store " + file
                    + " (is another member using the same data directory? give each its own, or set MONGODB_URI): "
                    + e.getMessage(), e);
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        String uri = "mongodb://127.0.0.1:" + address.getPort();
        LOG.warn("!!! DEVELOPMENT ONLY: no MongoDB URI (MONGODB_URI) is configured, so L3 runs on an embedded");
        LOG.warn("!!! MongoDB wire-protocol store inside this process: one member, no replication, no backups.");
        LOG.warn("!!! Set MONGODB_URI for any real deployment. Embedded store: {} on {}", file, uri);
        return new EmbeddedMongo(server, uri);
    }

    /** The connection string of the running store. */
    public String connectionString() {
        return connectionString;
    }

    /** Stops listening and closes the data file (committing what was written). */
    @Override
    public void close() {
        server.shutdown();
    }
}
