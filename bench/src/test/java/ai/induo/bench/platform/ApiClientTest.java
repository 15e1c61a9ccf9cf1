package ai.induo.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.bench.floor.JobInputs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiClientTest {

    @Test
    void theJobBodyCarriesBothImagesAsPngPartsLikeTheDemo() {
        JobInputs inputs = new JobInputs("PERSON".getBytes(StandardCharsets.US_ASCII),
                "PRODUCT".getBytes(StandardCharsets.US_ASCII));

        String body = new String(ApiClient.multipart(inputs), StandardCharsets.US_ASCII);

        assertThat(body).isEqualTo("--induo-bench-7d1f0c\r\n"
                + "Content-Disposition: form-data; name=\"person_image\"; filename=\"person.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nPERSON\r\n"
                + "--induo-bench-7d1f0c\r\n"
                + "Content-Disposition: form-data; name=\"product_images\"; filename=\"product.png\"\r\n"
                + "Content-Type: image/png\r\n\r\nPRODUCT\r\n"
                + "--induo-bench-7d1f0c--\r\n");
    }
}
