package ai.induo.gateway.operator;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import ai.induo.gateway.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The operator API's routes, on the management interface only (never on the public port), under
 * {@value #BASE}. Registering one is one call with the role it needs and the name it is audited
 * under; every request is authenticated by its operator token, refused without the role, and
 * appended to the {@link OperatorAudit} log with its outcome before the answer goes out.
 */
@ApplicationScoped
public class OperatorRoutes {

    /** The path every operator route lies under. */
    public static final String BASE = "/operator/v1";
    static final String JSON = "application/json";
    private static final Logger LOG = Logger.getLogger(OperatorRoutes.class);
    private static final String BEARER = "Bearer ";
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    @Inject
    OperatorTokens tokens;

    @Inject
    OperatorAudit audit;

    @Inject
    OperatorConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry meters;

    @Inject
    Instance<OperatorEndpoints> endpoints;

    private Router router;

    void init(@Observes ManagementInterface management) {
        router = management.router();
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        endpoints.forEach(group -> group.register(this));
        router.route(BASE + "/*").last().handler(context -> problem(context,
                Problem.of(404, "Not Found", ErrorCodes.NOT_FOUND, "No operator route here.")));
    }

    /** A {@code GET} route at {@code path} (below {@value #BASE}, {@code {name}} for path parameters). */
    public void get(String path, Role role, String action, OperatorHandler handler) {
        add(HttpMethod.GET, path, role, action, handler);
    }

    /** A {@code POST} route at {@code path} (below {@value #BASE}, {@code {name}} for path parameters). */
    public void post(String path, Role role, String action, OperatorHandler handler) {
        add(HttpMethod.POST, path, role, action, handler);
    }

    private void add(HttpMethod method, String path, Role role, String action, OperatorHandler handler) {
        String vertxPath = BASE + path.replaceAll("\\{(\\w+)}", ":$1");
        router.route(method, vertxPath)
                .blockingHandler(context -> serve(context, role, action, handler), false)
                .failureHandler(this::failed);
    }

    private void serve(RoutingContext context, Role role, String action, OperatorHandler handler) {
        Optional<Operator> caller = bearer(context).flatMap(tokens::authenticate);
        if (caller.isEmpty()) {
            count(action, ErrorCodes.UNAUTHORIZED);
            problem(context, ApiException.unauthorized("Send a live operator token: Authorization: Bearer op_….").problem());
            return;
        }
        Operator operator = caller.get();
        OperatorExchange exchange = new OperatorExchange(context, operator, action, json);
        if (!operator.has(role)) {
            finish(context, exchange, ApiException.forbidden(ErrorCodes.INSUFFICIENT_ROLE,
                    "This route needs the " + role.wireName() + " role.").problem());
            return;
        }
        OperatorReply reply;
        try {
            reply = handler.handle(exchange);
        } catch (ApiException e) {
            finish(context, exchange, e.problem());
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "operator route %s failed", action);
            finish(context, exchange, Problem.of(500, "Internal Server Error", ErrorCodes.INTERNAL_ERROR,
                    "The action failed; see the gateway's log."));
            return;
        }
        if (reply instanceof OperatorReply.Stream stream) {
            stream(context, exchange, action, stream);
        } else if (reply instanceof OperatorReply.Json answer) {
            record(exchange.audited(), action);
            send(context.response().setStatusCode(answer.status()), JSON, write(answer.body()));
        }
    }

    private void stream(RoutingContext context, OperatorExchange exchange, String action, OperatorReply.Stream stream) {
        HttpServerResponse response = context.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, stream.contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + stream.fileName() + "\"")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String outcome = OperatorAction.OK;
        try (OutputStream out = new BufferedOutputStream(new ResponseOutputStream(response), STREAM_BUFFER_BYTES)) {
            stream.body().writeTo(out);
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "operator route %s stopped while streaming", action);
            outcome = "stream_failed";
            if (!response.closed()) {
                response.reset();
            }
        }
        record(exchange.audited().withOutcome(outcome), action);
    }

    private void finish(RoutingContext context, OperatorExchange exchange, Problem problem) {
        record(exchange.audited().withOutcome(problem.code()), exchange.audited().action());
        problem(context, problem);
    }

    private void record(OperatorAction action, String name) {
        audit.record(action);
        count(name, action.outcome());
    }

    private void failed(RoutingContext context) {
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (context.failure() != null) {
            LOG.errorf(context.failure(), "operator request %s failed", context.request().path());
        }
        problem(context, status == 413
                ? ApiException.payloadTooLarge("The body is over " + config.maxBodyBytes() + " bytes.").problem()
                : Problem.of(500, "Internal Server Error", ErrorCodes.INTERNAL_ERROR, "The request failed; see the gateway's log."));
    }

    private void problem(RoutingContext context, Problem problem) {
        if (!context.response().headWritten()) {
            send(context.response().setStatusCode(problem.status()), Problem.MEDIA_TYPE, write(problem));
        }
    }

    private static void send(HttpServerResponse response, String contentType, String body) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an operator answer does not serialise", e);
        }
    }

    private void count(String action, String outcome) {
        meters.counter("induo.operator.requests", "action", action, "outcome", outcome).increment();
    }

    private static Optional<String> bearer(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.startsWith(BEARER) ? Optional.of(header.substring(BEARER.length()).strip()) : Optional.empty();
    }
}
