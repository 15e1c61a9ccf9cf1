package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.job.JobStatus;
import ai.induo.common.json.Json;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.Authenticated;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.idempotency.IdempotencyFilter;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.limit.RateLimitFilter;
import ai.induo.gateway.openapi.ApiDocumentFilter;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.problem.Problem;
import ai.induo.gateway.requestlog.RequestLogFilter;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the gateway is in the OpenAPI document with what a client needs: an operation id,
 * a summary and a tag, its request and response schemas, its security and every error answer with its
 * codes. The endpoints are found by reflection over the gateway's resource classes, so an endpoint added
 * without documentation fails here.
 */
@QuarkusTest
class OpenApiCompletenessTest {

    /**
     * Codes no operation lists: {@code method_not_allowed} is the framework's answer to a method a path
     * does not have, so it belongs to no operation; the document's description names it.
     */
    static final Set<String> FRAMEWORK_ONLY_CODES = Set.of(ErrorCodes.METHOD_NOT_ALLOWED);
    /**
     * Codes only the operator API answers (safety cases): it listens on the management interface,
     * outside this document; docs/operations.md lists them.
     */
    static final Set<String> OPERATOR_ONLY_CODES = Set.of(ErrorCodes.INSUFFICIENT_ROLE, ErrorCodes.INVALID_SAFETY_CATEGORY,
            ErrorCodes.INVALID_SAFETY_OUTCOME, ErrorCodes.SAFETY_CASE_RESOLVED, ErrorCodes.SAFETY_INPUTS_UNAVAILABLE);
    private static final String API_PREFIX = "/v1/";

    private JsonNode document;
    private Map<String, List<ResourceMethod>> resourceMethods;

    @BeforeEach
    void readDocumentAndResources() throws IOException, URISyntaxException {
        document = Json.mapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        resourceMethods = ResourceMethod.all().stream().collect(Collectors.groupingBy(ResourceMethod::key,
                TreeMap::new, Collectors.toList()));
    }

    @Test
    void everyResourceMethodIsAnOperationAndNothingElseIs() {
        assertThat(resourceMethods).as("resource methods found by reflection").isNotEmpty();
        assertThat(operations().keySet()).isEqualTo(resourceMethods.keySet());
        assertThat(document.path("paths").fieldNames()).toIterable().allMatch(path -> path.startsWith(API_PREFIX));
        assertThat(document.has("servers")).as("a server URL would depend on where the document is served").isFalse();
    }

    @Test
    void everyOperationHasAUniqueIdASummaryAndADeclaredTag() {
        Set<String> declaredTags = new TreeSet<>();
        document.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
        List<String> ids = new ArrayList<>();
        operations().forEach((key, operation) -> {
            assertThat(operation.path("operationId").asText()).as("operationId of %s", key).isNotBlank();
            assertThat(operation.path("summary").asText()).as("summary of %s", key).isNotBlank();
            assertThat(texts(operation.path("tags"))).as("tags of %s", key).isNotEmpty().isSubsetOf(declaredTags);
            ids.add(operation.path("operationId").asText());
        });
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void everySuccessThatIsNotEmptyAStreamAnImageOrAZipAnswersJsonWithASchema() {
        operations().forEach((key, operation) -> {
            Map<String, JsonNode> successes = responses(operation, status -> status >= 200 && status < 300);
            assertThat(successes).as("success answers of %s", key).isNotEmpty();
            successes.forEach((status, response) -> {
                JsonNode content = response.path("content");
                if (status.equals("204")) {
                    assertThat(content.isMissingNode()).as("%s %s has no body", key, status).isTrue();
                } else if (!content.has(MediaType.SERVER_SENT_EVENTS) && !isImage(content) && !isZip(content)) {
                    assertThat(hasSchema(content.path(MediaType.APPLICATION_JSON)))
                            .as("%s %s answers JSON with a schema", key, status).isTrue();
                }
            });
        });
    }

    @Test
    void everyOperationThatReadsABodyDescribesEachMediaTypeItTakes() {
        resourceMethods.forEach((key, methods) -> {
            JsonNode requestBody = operations().get(key).path("requestBody");
            List<String> consumed = methods.stream().filter(ResourceMethod::readsBody)
                    .flatMap(method -> method.consumes().stream()).toList();
            if (consumed.isEmpty()) {
                assertThat(requestBody.isMissingNode()).as("%s reads no body", key).isTrue();
                return;
            }
            assertThat(requestBody.path("required").asBoolean()).as("%s needs its body", key).isTrue();
            assertThat(requestBody.path("content").fieldNames()).toIterable().as("media types of %s", key)
                    .containsExactlyInAnyOrderElementsOf(consumed);
            requestBody.path("content").forEach(mediaType ->
                    assertThat(hasSchema(mediaType)).as("%s describes its body", key).isTrue());
        });
    }

    @Test
    void authenticatedOperationsNameTheirSchemeAndScopeAndTheirRefusals() {
        resourceMethods.forEach((key, methods) -> {
            JsonNode operation = operations().get(key);
            Optional<String> scope = methods.stream().flatMap(method -> method.scope().stream()).findFirst();
            boolean authenticated = methods.stream().anyMatch(ResourceMethod::authenticated);
            if (!authenticated) {
                assertThat(operation.has("security")).as("%s needs no token", key).isFalse();
                assertThat(codes(operation, "401")).as("%s needs no token", key).doesNotContain(ErrorCodes.UNAUTHORIZED);
                return;
            }
            assertThat(texts(operation.path("security").path(0).path("bearer")))
                    .as("scope of %s", key).isEqualTo(scope.map(List::of).orElse(List.of()));
            assertThat(codes(operation, "401")).as("401 of %s", key).contains(ErrorCodes.UNAUTHORIZED);
            assertThat(codes(operation, "429")).as("429 of %s", key).contains(ErrorCodes.RATE_LIMITED);
            if (scope.isPresent()) {
                assertThat(codes(operation, "403")).as("403 of %s", key).contains(ErrorCodes.INSUFFICIENT_SCOPE);
            } else {
                assertThat(codes(operation, "403")).as("403 of %s", key).doesNotContain(ErrorCodes.INSUFFICIENT_SCOPE);
            }
            responses(operation, status -> status != 401 && status != 403).forEach((status, response) ->
                    assertThat(response.path("headers").fieldNames()).toIterable()
                            .as("rate-limit headers of %s %s", key, status)
                            .contains(RateLimitFilter.LIMIT_HEADER, RateLimitFilter.REMAINING_HEADER,
                                    RateLimitFilter.RESET_HEADER));
        });
    }

    @Test
    void idempotentOperationsTakeTheKeyAndListItsRefusals() {
        resourceMethods.forEach((key, methods) -> {
            JsonNode operation = operations().get(key);
            boolean takesKey = operation.path("parameters").findValuesAsText("$ref")
                    .contains("#/components/parameters/" + IdempotencyFilter.HEADER);
            boolean idempotent = methods.stream().anyMatch(ResourceMethod::idempotent);
            assertThat(takesKey).as("%s takes Idempotency-Key", key).isEqualTo(idempotent);
            if (idempotent) {
                assertThat(codes(operation, "409")).as("409 of %s", key).contains(ErrorCodes.IDEMPOTENCY_REQUEST_IN_PROGRESS);
                assertThat(codes(operation, "422")).as("422 of %s", key).contains(ErrorCodes.IDEMPOTENCY_KEY_REUSED);
            }
        });
    }

    @Test
    void everyErrorAnswerIsAProblemDocumentListingItsCodes() {
        Set<String> knownCodes = errorCodes();
        operations().forEach((key, operation) -> {
            Map<String, JsonNode> errors = responses(operation, status -> status >= 400);
            assertThat(errors).as("error answers of %s", key).containsKey("500");
            errors.forEach((status, response) -> {
                assertThat(response.path("content").path(Problem.MEDIA_TYPE).path("schema").path("$ref").asText())
                        .as("%s %s is a problem document", key, status).isEqualTo("#/components/schemas/Problem");
                List<String> codes = codes(operation, status);
                assertThat(codes).as("codes of %s %s", key, status).isNotEmpty().doesNotHaveDuplicates()
                        .isSubsetOf(knownCodes);
                codes.forEach(code -> assertThat(response.path("description").asText())
                        .as("description of %s %s", key, status).contains("`" + code + "`"));
                if (status.equals("429")) {
                    assertThat(response.path("headers").has(HttpHeaders.RETRY_AFTER)).as("%s 429 says when to retry", key)
                            .isTrue();
                }
            });
        });
    }

    @Test
    void everyErrorCodeIsAnsweredBySomeOperation() {
        Set<String> listed = new TreeSet<>();
        operations().values().forEach(operation -> operation.path("responses")
                .forEach(response -> listed.addAll(texts(response.path(ApiDocumentFilter.ERROR_CODES)))));
        Set<String> expected = new TreeSet<>(errorCodes());
        expected.removeAll(FRAMEWORK_ONLY_CODES);
        expected.removeAll(OPERATOR_ONLY_CODES);
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void enumerationsAreTheValuesTheApiUses() {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(texts(schemas.path("Job").path("properties").path("status").path("enum")))
                .isEqualTo(Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList());
        assertThat(texts(schemas.path("Scope").path("enum")))
                .isEqualTo(Arrays.stream(Scope.values()).map(Scope::wireName).toList());
    }

    /** The operations of the document by {@code "METHOD /path"}. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operations.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue())));
        return operations;
    }

    private static Map<String, JsonNode> responses(JsonNode operation, IntPredicate status) {
        Map<String, JsonNode> responses = new TreeMap<>();
        operation.path("responses").fields().forEachRemaining(response -> {
            if (status.test(Integer.parseInt(response.getKey()))) {
                responses.put(response.getKey(), response.getValue());
            }
        });
        return responses;
    }

    private static List<String> codes(JsonNode operation, String status) {
        return texts(operation.path("responses").path(status).path(ApiDocumentFilter.ERROR_CODES));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static boolean hasSchema(JsonNode mediaType) {
        JsonNode schema = mediaType.path("schema");
        return schema.has("$ref") || schema.has("type");
    }

    private static boolean isImage(JsonNode content) {
        return Stream.of("image/png", "image/jpeg", "image/webp").anyMatch(content::has);
    }

    /** A zip download, such as the data export: a binary string. */
    private static boolean isZip(JsonNode content) {
        return content.path("application/zip").path("schema").path("format").asText().equals("binary");
    }

    /** The values of the constants of {@link ErrorCodes}. */
    private static Set<String> errorCodes() {
        Set<String> codes = new TreeSet<>();
        for (Field field : ErrorCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    codes.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("ErrorCodes." + field.getName() + " is public", e);
                }
            }
        }
        return codes;
    }

    /** A JAX-RS resource method of the gateway and what its annotations make it do. */
    private record ResourceMethod(String key, Method method, Class<?> resource) {

        /** Every resource method of the classes next to {@link JobResource} and in the packages beside it. */
        static List<ResourceMethod> all() throws IOException, URISyntaxException {
            java.nio.file.Path classes = java.nio.file.Path.of(JobResource.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            List<ResourceMethod> found = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
                for (java.nio.file.Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                    String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                    Class<?> type = load(name.substring(0, name.length() - ".class".length()));
                    Path classPath = type.getAnnotation(Path.class);
                    if (classPath != null) {
                        for (Method method : type.getDeclaredMethods()) {
                            String path = RequestLogFilter.join(classPath.value(),
                                    Optional.ofNullable(method.getAnnotation(Path.class)).map(Path::value).orElse(""));
                            httpMethod(method).ifPresent(http -> found.add(new ResourceMethod(http + " " + path, method, type)));
                        }
                    }
                }
            }
            return found;
        }

        Optional<String> scope() {
            return Optional.ofNullable(method.getAnnotation(RequiresScope.class))
                    .or(() -> Optional.ofNullable(resource.getAnnotation(RequiresScope.class)))
                    .map(found -> found.value().wireName());
        }

        boolean authenticated() {
            return scope().isPresent() || method.isAnnotationPresent(Authenticated.class)
                    || resource.isAnnotationPresent(Authenticated.class);
        }

        boolean idempotent() {
            return method.isAnnotationPresent(Idempotent.class);
        }

        /** Whether a parameter is the request body: one that no JAX-RS annotation binds to something else. */
        boolean readsBody() {
            return Arrays.stream(method.getParameterAnnotations()).anyMatch(annotations -> Arrays.stream(annotations)
                    .noneMatch(annotation -> annotation.annotationType().getPackageName().startsWith("jakarta.ws.rs")));
        }

        List<String> consumes() {
            return Optional.ofNullable(method.getAnnotation(Consumes.class))
                    .map(consumes -> List.of(consumes.value())).orElse(List.of());
        }

        private static Optional<String> httpMethod(Method method) {
            return Arrays.stream(method.getAnnotations()).map(Annotation::annotationType)
                    .map(type -> type.getAnnotation(HttpMethod.class)).filter(Objects::nonNull)
                    .map(HttpMethod::value).findFirst();
        }

        private static Class<?> load(String name) {
            try {
                return Class.forName(name, false, JobResource.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " was found among the gateway's classes", e);
            }
        }
    }
}
