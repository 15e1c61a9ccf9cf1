package ai.induo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class MongoTestResourceTest {

    @Test
    void inProcessServerServesTheInduoDatabaseUntilStopped() {
        MongoTestResource resource = new MongoTestResource();
        Map<String, String> config = resource.start();
        try (MongoClient client = MongoClients.create(config.get(MongoTestResource.CONNECTION_STRING_KEY))) {
            assertThat(config).containsEntry(MongoTestResource.DATABASE_KEY, "induo");
            assertThat(config.get(MongoTestResource.CONNECTION_STRING_KEY)).startsWith("mongodb://127.0.0.1:");

            client.getDatabase("induo").getCollection("jobs").insertOne(new Document("_id", "job_1"));

            assertThat(client.getDatabase("induo").getCollection("jobs").countDocuments()).isEqualTo(1);
        } finally {
            resource.stop();
        }
    }

    @Test
    void configuredExternalMongoGetsAFreshDatabaseThatIsDroppedOnStop() {
        MongoServer external = new MongoServer(new MemoryBackend());
        String uri = external.bindAndGetConnectionString();
        System.setProperty(MongoTestResource.EXTERNAL_URI, uri);
        MongoTestResource resource = new MongoTestResource();
        try (MongoClient client = MongoClients.create(uri)) {
            Map<String, String> config = resource.start();
            String database = config.get(MongoTestResource.DATABASE_KEY);
            assertThat(config).containsEntry(MongoTestResource.CONNECTION_STRING_KEY, uri);
            assertThat(database).startsWith("induo_test_");
            client.getDatabase(database).getCollection("jobs").insertOne(new Document("_id", "job_1"));

            resource.stop();

            assertThat(client.listDatabaseNames()).doesNotContain(database);
        } finally {
            System.clearProperty(MongoTestResource.EXTERNAL_URI);
            external.shutdownNow();
        }
    }
}
