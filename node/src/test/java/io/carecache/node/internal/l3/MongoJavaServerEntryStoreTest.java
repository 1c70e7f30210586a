package io.carecache.node.internal.l3;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The L3 contract on mongo-java-server (memory backend) in this JVM, over TCP with the real driver. */
class MongoJavaServerEntryStoreTest extends MongoEntryStoreContract {
    private static MongoServer server;
    private static String uri;

    @BeforeAll
    static void startServer() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
    }

    @Override
    protected String connectionString() {
        return uri;
    }
}
