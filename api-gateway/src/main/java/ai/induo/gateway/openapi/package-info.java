/**
 * The OpenAPI document served at {@code /q/openapi} and committed as {@code docs/openapi.yaml}: its
 * frame (info, tags, the bearer security scheme, the shared components that {@link
 * ai.induo.gateway.openapi.ApiDocumentFilter} refers to by name) is declared here; each operation is
 * declared on its resource method, with its error answers as {@link ai.induo.gateway.openapi.ProblemResponse}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Induo API", version = ApiDefinition.VERSION, description = """
                The public REST API of Induo: virtual try-on images from a person photo and product \
                photos. The reference with examples, limits and behaviour is `docs/api.md` in the Induo \
                repository; this document is served by the gateway at `/q/openapi` (`?format=json` for \
                JSON) and committed as `docs/openapi.yaml`.

                Authenticated operations take `Authorization: Bearer <token>`: an API key (`sk_…`, with \
                the scopes it was made with) or a dashboard session token (`sess_…`, every scope). The \
                scope an operation needs is the role of its security requirement.

                Every error is `application/problem+json` (RFC 9457) with a stable `code`. Each operation \
                lists, per status, the codes it can answer in `x-error-codes`. Besides those, a path \
                without an endpoint answers `404 not_found` and a method a path does not have \
                `405 method_not_allowed`."""),
        tags = {
                @Tag(name = ApiDefinition.ACCOUNTS, description = "Sign-up, the caller's own account and its webhook secret."),
                @Tag(name = ApiDefinition.SESSIONS, description = "Dashboard sign-in with email and password, and sign-out."),
                @Tag(name = ApiDefinition.API_KEYS, description = "The account's API keys and their scopes."),
                @Tag(name = ApiDefinition.JOBS, description = "Submitting try-on jobs, following and cancelling them."),
                @Tag(name = ApiDefinition.OUTPUTS, description = "Result images behind signed, expiring URLs."),
                @Tag(name = ApiDefinition.REQUEST_LOG, description = "The account's own request log."),
                @Tag(name = ApiDefinition.USAGE, description = "Jobs, output images and model seconds over time."),
                @Tag(name = ApiDefinition.WEBHOOK_ENDPOINTS, description = "Where the account's job events go, each "
                        + "endpoint with its own signing secret."),
                @Tag(name = ApiDefinition.WEBHOOK_DELIVERIES, description = "Every webhook sent, with every attempt, "
                        + "and sending one again.")
        },
        components = @Components(
                schemas = @Schema(name = ApiDefinition.PROBLEM, implementation = Problem.class),
                securitySchemes = @SecurityScheme(securitySchemeName = ApiDefinition.BEARER,
                        type = SecuritySchemeType.HTTP, scheme = "bearer",
                        bearerFormat = "sk_… (API key) or sess_… (session token)",
                        description = "An API key (`sk_…`), which holds the scopes it was made with, or a dashboard "
                                + "session token (`sess_…`) from `POST /v1/sessions`, which holds every scope."),
                parameters = {
                        @Parameter(name = IdempotencyFilter.HEADER, in = ParameterIn.HEADER,
                                description = "Makes a retry safe: a repeat of the request with the same key within 24 "
                                        + "hours gets the first answer back (with `Idempotent-Replayed: true`) instead "
                                        + "of creating again. Use a fresh UUID per operation.",
                                schema = @Schema(type = SchemaType.STRING, minLength = 1,
                                        maxLength = IdempotencyFilter.MAX_KEY_LENGTH, pattern = "^[\\x20-\\x7E]+$")),
                        @Parameter(name = ApiDefinition.CREATED_AFTER, in = ParameterIn.QUERY,
                                description = "Only items created strictly after this RFC 3339 date-time, such as "
                                        + "`2026-11-30T10:00:00Z` (URL-encode a `+` offset).",
                                schema = @Schema(type = SchemaType.STRING, format = "date-time")),
                        @Parameter(name = ApiDefinition.CREATED_BEFORE, in = ParameterIn.QUERY,
                                description = "Only items created strictly before this RFC 3339 date-time.",
                                schema = @Schema(type = SchemaType.STRING, format = "date-time")),
                        @Parameter(name = ApiDefinition.LIMIT, in = ParameterIn.QUERY, description = "Items per page.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                        maximum = "" + QueryParameters.MAX_LIMIT,
                                        defaultValue = "" + QueryParameters.DEFAULT_LIMIT)),
                        @Parameter(name = ApiDefinition.STARTING_AFTER, in = ParameterIn.QUERY,
                                description = "An id: the page starts after it. Pass the last `id` of the previous page "
                                        + "while `has_more` is true.",
                                schema = @Schema(type = SchemaType.STRING))
                },
                headers = {
                        @Header(name = HttpHeaders.RETRY_AFTER, description = "Whole seconds to wait before retrying.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                        @Header(name = RateLimitFilter.LIMIT_HEADER,
                                description = "The burst of the bucket the request counted against (the API key's, or "
                                        + "the account's when that one refused the request or has fewer tokens left; for "
                                        + "sign-up and sign-in, the client address's): the requests it may make at once.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                        @Header(name = RateLimitFilter.REMAINING_HEADER,
                                description = "The requests the bucket allows now, after this one.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
                        @Header(name = RateLimitFilter.RESET_HEADER,
                                description = "Whole seconds until the bucket is full again.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
                        @Header(name = IdempotencyFilter.REPLAYED_HEADER,
                                description = "`true` on an answer replayed for a repeated `Idempotency-Key`.",
                                schema = @Schema(type = SchemaType.STRING, enumeration = "true"))
                }))
package ai.induo.gateway.openapi;

import ai.induo.gateway.idempotency.IdempotencyFilter;
import ai.induo.gateway.limit.RateLimitFilter;
import ai.induo.gateway.problem.Problem;
import ai.induo.gateway.rest.QueryParameters;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
