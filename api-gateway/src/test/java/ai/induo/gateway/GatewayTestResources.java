package ai.induo.gateway;

import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** One real Kafka broker and one MongoDB-wire server for every gateway test. */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MongoTestResource.class)
public final class GatewayTestResources {

    private GatewayTestResources() {
    }
}
