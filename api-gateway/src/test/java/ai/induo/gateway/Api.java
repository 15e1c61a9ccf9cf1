package ai.induo.gateway;

import static io.restassured.RestAssured.given;

import ai.induo.testing.SampleImages;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.Base64;
import java.util.List;
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

    /** A request carrying this API key or session token. */
    public static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Signs in to the dashboard; the session token. */
    public static String signIn(Account account) {
        return given().contentType("application/json")
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/v1/sessions")
                .then().statusCode(201)
                .extract().path("token");
    }

    /** A new API key of the account with these scopes (wire names); the key itself. */
    public static String createKey(Account account, String... scopes) {
        return account.auth().contentType("application/json")
                .body(Map.of("name", "test key", "scopes", List.of(scopes)))
                .post("/v1/api-keys")
                .then().statusCode(201)
                .extract().path("key");
    }

    /** A submitted sample job of the account ({@link #sampleJob}); its id. */
    public static String submitSampleJob(Account account) {
        return sampleJob(account).post("/v1/jobs").then().statusCode(202).extract().path("id");
    }

    /** The URL of the job's first output, as the job shows it. */
    public static String outputUrl(Account account, String jobId) {
        return account.auth().get("/v1/jobs/" + jobId).then().statusCode(200).extract().path("outputs[0].url");
    }

    /** Output URLs name the configured public base URL; tests reach the gateway on a random port. */
    public static String pathAndQuery(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /** Downloads an output URL, as a client holding it does (no API key). */
    public static Response download(String outputUrl) {
        return given().urlEncodingEnabled(false).get(pathAndQuery(outputUrl));
    }

    /** A JSON submission body: this person image and one sample product, both base64. */
    public static Map<String, Object> jsonJob(byte[] person) {
        String product = Base64.getEncoder().encodeToString(SampleImages.productPng(40, 40));
        return Map.of("person_image", Base64.getEncoder().encodeToString(person), "product_images", List.of(product));
    }

    /** A multipart submission with a sample person and one sample product. */
    public static RequestSpecification sampleJob(Account account) {
        return sampleJob(account.auth());
    }

    /** A multipart submission with a sample person and one sample product, on this request. */
    public static RequestSpecification sampleJob(RequestSpecification request) {
        return request
                .multiPart("person_image", "person.png", SampleImages.personPng(96, 128), "image/png")
                .multiPart("product_images", "shirt.png", SampleImages.productPng(64, 64), "image/png");
    }
}
