package ai.induo.gateway;

import static io.restassured.RestAssured.given;

import ai.induo.testing.SampleImages;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Small helpers that drive the API the way a customer's client does. */
public final class Api {

    private Api() {
    }

    /** A signed-up account: its id, API key and webhook secret. */
    public record Account(String id, String apiKey, String webhookSecret, String email, String password) {
        public RequestSpecification auth() {
            return given().header("Authorization", "Bearer " + apiKey);
        }
    }

    public static Account signUp() {
        String email = "dev-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery staple";
        Response response = given().contentType("application/json")
                .body(Map.of("name", "Acme Fashion", "email", email, "password", password))
                .post("/v1/accounts");
        response.then().statusCode(201);
        return new Account(response.path("account.id"), response.path("api_key"), response.path("webhook_secret"), email, password);
    }

    /** A multipart submission with a sample person and one sample product. */
    public static RequestSpecification sampleJob(Account account) {
        return account.auth()
                .multiPart("person_image", "person.png", SampleImages.personPng(96, 128), "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(64, 64), "image/png");
    }
}
