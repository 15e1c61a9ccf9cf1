package ai.induo.gateway.openapi;

import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.Authenticated;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.idempotency.IdempotencyFilter;
import ai.induo.gateway.idempotency.Idempotent;
import ai.induo.gateway.limit.BodyLimit;
import ai.induo.gateway.limit.ClientRateLimited;
import ai.induo.gateway.limit.LargeBody;
import ai.induo.gateway.limit.RateLimitFilter;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.problem.Problem;
import ai.induo.gateway.requestlog.RequestLogFilter;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

/**
 * Completes every operation of the OpenAPI document from the annotations that drive the endpoint's
 * behaviour, at build time. From {@link Authenticated} and {@link RequiresScope}: the bearer security
 * requirement (with the scope as its role), {@code 401 unauthorized}, {@code 403 insufficient_scope},
 * {@code 429 rate_limited} and the {@code RateLimit-*} headers; from {@link ClientRateLimited}, the
 * last two for the limit per client address. From {@link Idempotent}: the
 * {@code Idempotency-Key} parameter, its {@code 400}, {@code 409}, {@code 410} and {@code 422} answers and
 * {@code Idempotent-Replayed}. From a request body: {@code 413} (its limit from {@link LargeBody}),
 * {@code 415} and, for JSON, {@code 400 malformed_json}. Every operation can answer {@code 500 internal_error} and
 * {@code 503 service_unavailable} (the database or the master key's Cloud KMS key cannot be reached).
 * Each status becomes one {@code application/problem+json} response that lists its codes in
 * {@code x-error-codes}, merged with the method's own {@link ProblemResponse} declarations.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {

    /** The response extension listing the {@code code}s a problem response can carry. */
    public static final String ERROR_CODES = "x-error-codes";

    private static final DotName PATH = DotName.createSimple(Path.class);
    private static final List<DotName> HTTP_METHODS = Stream.of(GET.class, POST.class, PUT.class, PATCH.class,
            DELETE.class, HEAD.class, OPTIONS.class).map(DotName::createSimple).toList();
    private static final DotName AUTHENTICATED = DotName.createSimple(Authenticated.class);
    private static final DotName REQUIRES_SCOPE = DotName.createSimple(RequiresScope.class);
    private static final DotName IDEMPOTENT = DotName.createSimple(Idempotent.class);
    private static final DotName CLIENT_RATE_LIMITED = DotName.createSimple(ClientRateLimited.class);
    private static final DotName LARGE_BODY = DotName.createSimple(LargeBody.class);
    /** The annotations a {@link ResourceMethod} notes by name. */
    private static final List<DotName> MARKERS = List.of(IDEMPOTENT, CLIENT_RATE_LIMITED, LARGE_BODY);
    private static final DotName PROBLEM_RESPONSE = DotName.createSimple(ProblemResponse.class);
    private static final DotName PROBLEM_RESPONSES = DotName.createSimple(ProblemResponses.class);

    private static final ErrorAnswer INTERNAL_ERROR = new ErrorAnswer(500, ErrorCodes.INTERNAL_ERROR,
            "a fault on our side; the request can be retried");
    private static final ErrorAnswer DEPENDENCY_UNAVAILABLE = new ErrorAnswer(503, ErrorCodes.SERVICE_UNAVAILABLE,
            "the database, or the Cloud KMS key that holds the master key, cannot be reached; nothing was changed, "
                    + "retry after `Retry-After` seconds");
    private static final ErrorAnswer UNAUTHORIZED = new ErrorAnswer(401, ErrorCodes.UNAUTHORIZED,
            "the bearer token is missing, malformed, unknown, revoked or expired");
    private static final ErrorAnswer RATE_LIMITED = new ErrorAnswer(429, ErrorCodes.RATE_LIMITED,
            "the API key, or the account's keys and sessions together, made more requests than the plan's rate allows; "
                    + "retry after `Retry-After` seconds");
    private static final ErrorAnswer CLIENT_RATE_LIMITED_ANSWER = new ErrorAnswer(429, ErrorCodes.RATE_LIMITED,
            "the client address made more requests to the routes that need no API key than their rate allows; retry "
                    + "after `Retry-After` seconds");
    private static final List<ErrorAnswer> IDEMPOTENCY = List.of(
            new ErrorAnswer(400, ErrorCodes.INVALID_REQUEST, "the `Idempotency-Key` is empty, over "
                    + IdempotencyFilter.MAX_KEY_LENGTH + " characters or not printable ASCII"),
            new ErrorAnswer(409, ErrorCodes.IDEMPOTENCY_REQUEST_IN_PROGRESS, "the first request with this "
                    + "`Idempotency-Key` is still running; retry after `Retry-After` seconds to get its answer"),
            new ErrorAnswer(410, ErrorCodes.IDEMPOTENT_ANSWER_GONE, "the answer kept for this `Idempotency-Key` can "
                    + "no longer be read (the account's keys were destroyed); the request was not run again"),
            new ErrorAnswer(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED, "the `Idempotency-Key` was used before with "
                    + "another request (method, path or body)"));
    private static final ErrorAnswer LARGE_BODY_TOO_LARGE = new ErrorAnswer(413, ErrorCodes.PAYLOAD_TOO_LARGE,
            "the request body is larger than `induo.gateway.uploads.max-body-bytes` (72 MiB by default)");
    private static final ErrorAnswer SMALL_BODY_TOO_LARGE = new ErrorAnswer(413, ErrorCodes.PAYLOAD_TOO_LARGE,
            "the request body is larger than " + BodyLimit.MAX_SMALL_BODY_BYTES + " bytes (16 KiB); refused before it "
                    + "is parsed");
    private static final ErrorAnswer UNSUPPORTED_BODY = new ErrorAnswer(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
            "the body is sent as a media type this operation does not take");
    private static final ErrorAnswer MALFORMED_JSON = new ErrorAnswer(400, ErrorCodes.MALFORMED_JSON,
            "the body is not JSON, or not a JSON object of the documented shape");
    private static final List<String> RATE_LIMIT_HEADERS = List.of(RateLimitFilter.LIMIT_HEADER,
            RateLimitFilter.REMAINING_HEADER, RateLimitFilter.RESET_HEADER);

    /** The resource methods by {@code "METHOD /path/template"}; several methods may serve one operation. */
    private final Map<String, List<ResourceMethod>> resourceMethods;

    /**
     * Reads the resource methods from the application's index, which SmallRye passes. The index may
     * combine several that hold the same class, so each class is read once.
     */
    public ApiDocumentFilter(IndexView index) {
        Map<DotName, ClassInfo> resources = new TreeMap<>();
        index.getAnnotations(PATH).stream()
                .filter(path -> path.target().kind() == AnnotationTarget.Kind.CLASS)
                .map(path -> path.target().asClass())
                .forEach(resource -> resources.putIfAbsent(resource.name(), resource));
        this.resourceMethods = resources.values().stream()
                .flatMap(ApiDocumentFilter::resourceMethods)
                .collect(Collectors.groupingBy(ResourceMethod::operationKey));
    }

    /**
     * Corrects two types SmallRye infers from Java types that the schema's alternatives contradict. A
     * nullable reference to an object schema is written as {@code anyOf: [$ref, {type: null}]} beside
     * {@code type: object}, which alone would refuse {@code null}: {@code null} is added to the type, as
     * SmallRye does for other types. A Java type whose {@code @Schema} lists {@code oneOf} alternatives
     * (such as a string or an object) is typed {@code object}, which would refuse the alternatives that are
     * not: having no properties of its own, it takes its type from the alternatives alone.
     */
    @Override
    public Schema filterSchema(Schema schema) {
        List<SchemaType> types = schema.getType();
        boolean nullable = schema.getAnyOf() != null && schema.getAnyOf().stream()
                .anyMatch(option -> List.of(SchemaType.NULL).equals(option.getType()));
        if (nullable && types != null && !types.contains(SchemaType.NULL)) {
            schema.addType(SchemaType.NULL);
        }
        if (schema.getOneOf() != null && schema.getProperties() == null && List.of(SchemaType.OBJECT).equals(types)) {
            schema.setType(null);
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> complete(method.name() + " " + path, operation)));
    }

    private void complete(String operationKey, Operation operation) {
        List<ResourceMethod> methods = resourceMethods.get(operationKey);
        if (methods == null) {
            throw new IllegalStateException("the OpenAPI operation " + operationKey + " matches no resource method");
        }
        List<ErrorAnswer> errors = new ArrayList<>();
        methods.forEach(method -> errors.addAll(method.errors()));
        if (operation.getRequestBody() != null) {
            if (operation.getRequestBody().getContent().hasMediaType(MediaType.APPLICATION_JSON)) {
                errors.add(MALFORMED_JSON);
            }
            boolean largeBody = methods.stream().anyMatch(method -> method.has(LARGE_BODY));
            errors.add(largeBody ? LARGE_BODY_TOO_LARGE : SMALL_BODY_TOO_LARGE);
            errors.add(UNSUPPORTED_BODY);
        }
        Optional<String> scope = methods.stream().flatMap(method -> method.scope().stream()).findFirst();
        boolean authenticated = methods.stream().anyMatch(ResourceMethod::authenticated);
        if (authenticated) {
            SecurityRequirement requirement = OASFactory.createSecurityRequirement();
            operation.addSecurityRequirement(scope.map(name -> requirement.addScheme(ApiDefinition.BEARER, name))
                    .orElseGet(() -> requirement.addScheme(ApiDefinition.BEARER)));
            errors.add(UNAUTHORIZED);
            scope.ifPresent(name -> {
                errors.add(new ErrorAnswer(403, ErrorCodes.INSUFFICIENT_SCOPE,
                        "the API key lacks the scope `" + name + "`"));
                appendDescription(operation, "Needs the scope `" + name + "`.");
            });
            errors.add(RATE_LIMITED);
        }
        boolean clientRateLimited = methods.stream().anyMatch(method -> method.has(CLIENT_RATE_LIMITED));
        if (clientRateLimited) {
            errors.add(CLIENT_RATE_LIMITED_ANSWER);
        }
        boolean idempotent = methods.stream().anyMatch(method -> method.has(IDEMPOTENT));
        if (idempotent) {
            operation.addParameter(OASFactory.createParameter().ref(IdempotencyFilter.HEADER));
            errors.addAll(IDEMPOTENCY);
        }
        errors.add(INTERNAL_ERROR);
        errors.add(DEPENDENCY_UNAVAILABLE);
        addErrorResponses(operationKey, operation.getResponses(), errors);
        decorate(operation.getResponses(), authenticated || clientRateLimited, idempotent);
    }

    private static void appendDescription(Operation operation, String paragraph) {
        String description = operation.getDescription();
        operation.setDescription(description == null ? paragraph : description + "\n\n" + paragraph);
    }

    /** Adds one problem response per status, listing its codes in the order they were found. */
    private static void addErrorResponses(String operationKey, APIResponses responses, List<ErrorAnswer> errors) {
        Map<Integer, Map<String, Set<String>>> byStatus = new TreeMap<>();
        for (ErrorAnswer error : errors) {
            byStatus.computeIfAbsent(error.status(), status -> new LinkedHashMap<>())
                    .computeIfAbsent(error.code(), code -> new LinkedHashSet<>())
                    .add(error.when());
        }
        byStatus.forEach((status, codes) -> {
            String responseCode = Integer.toString(status);
            if (responses.hasAPIResponse(responseCode)) {
                throw new IllegalStateException(operationKey + " declares its " + responseCode
                        + " answer itself; declare error answers with @ProblemResponse");
            }
            responses.addAPIResponse(responseCode, problemResponse(status, codes));
        });
    }

    /** One status's problem response; {@code Retry-After} on {@code 429}, {@code 503} and on an idempotency key in use. */
    private static APIResponse problemResponse(int status, Map<String, Set<String>> codes) {
        String list = codes.entrySet().stream()
                .map(code -> "- `" + code.getKey() + "`: " + String.join("; ", code.getValue()))
                .collect(Collectors.joining("\n"));
        APIResponse response = OASFactory.createAPIResponse()
                .description("A problem document whose `code` is one of:\n\n" + list)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ApiDefinition.PROBLEM))))
                .addExtension(ERROR_CODES, List.copyOf(codes.keySet()));
        if (status == 429 || status == 503 || codes.containsKey(ErrorCodes.IDEMPOTENCY_REQUEST_IN_PROGRESS)
                || codes.containsKey(ErrorCodes.WEBHOOK_DELIVERY_IN_PROGRESS)) {
            response.addHeader(HttpHeaders.RETRY_AFTER, OASFactory.createHeader().ref(HttpHeaders.RETRY_AFTER));
        }
        return response;
    }

    /**
     * Sorts the answers by status and adds the headers they carry: the rate-limit headers on every
     * answer of a rate-limited operation that passed authentication and scope checks, and
     * {@code Idempotent-Replayed} on successes of idempotent operations.
     */
    private static void decorate(APIResponses responses, boolean rateLimited, boolean idempotent) {
        Map<String, APIResponse> sorted = new LinkedHashMap<>();
        responses.getAPIResponses().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        sorted.forEach((code, response) -> {
            int status = Integer.parseInt(code);
            if (rateLimited && status != 401 && status != 403) {
                RATE_LIMIT_HEADERS.forEach(header -> response.addHeader(header, OASFactory.createHeader().ref(header)));
            }
            if (idempotent && status >= 200 && status < 300) {
                response.addHeader(IdempotencyFilter.REPLAYED_HEADER,
                        OASFactory.createHeader().ref(IdempotencyFilter.REPLAYED_HEADER));
            }
        });
        responses.setAPIResponses(sorted);
    }

    private static Stream<ResourceMethod> resourceMethods(ClassInfo resource) {
        String classPath = resource.declaredAnnotation(PATH).value().asString();
        return resource.methods().stream()
                .filter(method -> HTTP_METHODS.stream().anyMatch(method::hasDeclaredAnnotation))
                .map(method -> ResourceMethod.of(resource, classPath, method));
    }

    /** An error answer: its status, code and when it is given. */
    private record ErrorAnswer(int status, String code, String when) {

        static ErrorAnswer of(AnnotationInstance declared) {
            return new ErrorAnswer(declared.value("status").asInt(), declared.value("code").asString(),
                    declared.value("when").asString());
        }
    }

    /** What the document needs of one resource method. */
    private record ResourceMethod(String operationKey, Optional<String> scope, boolean authenticated,
            Set<DotName> markers, List<ErrorAnswer> errors) {

        static ResourceMethod of(ClassInfo resource, String classPath, MethodInfo method) {
            String httpMethod = HTTP_METHODS.stream().filter(method::hasDeclaredAnnotation).findFirst()
                    .map(DotName::withoutPackagePrefix).orElseThrow();
            AnnotationInstance methodPath = method.declaredAnnotation(PATH);
            String path = RequestLogFilter.join(classPath, methodPath == null ? "" : methodPath.value().asString());
            AnnotationInstance scope = Optional.ofNullable(method.declaredAnnotation(REQUIRES_SCOPE))
                    .orElseGet(() -> resource.declaredAnnotation(REQUIRES_SCOPE));
            boolean authenticated = scope != null || method.hasDeclaredAnnotation(AUTHENTICATED)
                    || resource.hasDeclaredAnnotation(AUTHENTICATED);
            List<ErrorAnswer> errors = new ArrayList<>();
            Optional.ofNullable(method.declaredAnnotation(PROBLEM_RESPONSE)).map(ErrorAnswer::of).ifPresent(errors::add);
            Optional.ofNullable(method.declaredAnnotation(PROBLEM_RESPONSES)).ifPresent(container -> Stream.of(
                    container.value().asNestedArray()).map(ErrorAnswer::of).forEach(errors::add));
            return new ResourceMethod(httpMethod + " " + path,
                    Optional.ofNullable(scope).map(found -> Scope.valueOf(found.value().asEnum()).wireName()),
                    authenticated, MARKERS.stream().filter(method::hasDeclaredAnnotation).collect(Collectors.toSet()), errors);
        }

        /** Whether the method carries the annotation, one of {@link #MARKERS}. */
        boolean has(DotName marker) {
            return markers.contains(marker);
        }
    }
}
