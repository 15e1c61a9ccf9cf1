package ai.induo.gateway;

import ai.induo.testing.KafkaTestResource;
import ai.induo.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** One real Kafka broker, one MongoDB-wire server and one SMTP server for every gateway test. */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(SmtpServerResource.class)
public final class GatewayTestResources {

    private GatewayTestResources() {
    }
}
