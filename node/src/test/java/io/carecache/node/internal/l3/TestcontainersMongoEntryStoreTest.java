package io.carecache.node.internal.l3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** The L3 contract on a real MongoDB in a container; skipped where Docker is not available. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersMongoEntryStoreTest extends MongoEntryStoreContract {
    private static MongoDBContainer mongo;

    @BeforeAll
    static void startMongo() {
        mongo = new MongoDBContainer(DockerImageName.parse("mongo:7.0"));
        mongo.start();
    }

    @AfterAll
    static void stopMongo() {
        if (mongo != null) {
            mongo.stop();
        }
    }

    @Override
    protected String connectionString() {
        return mongo.getConnectionString();
    }
}
