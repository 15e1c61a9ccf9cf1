package ai.induo.gateway.training;

import ai.induo.gateway.operator.OperatorEndpoints;
import ai.induo.gateway.operator.OperatorExchange;
import ai.induo.gateway.operator.OperatorReply;
import ai.induo.gateway.operator.OperatorRoutes;
import ai.induo.gateway.operator.Role;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /operator/v1/training-exports?since=P7D&limit=1000} (admin): the
 * {@code training-export} command's export, run now, audited as {@code training.export}.
 */
@ApplicationScoped
public class TrainingExportEndpoints implements OperatorEndpoints {

    @Inject
    TrainingExport export;

    /** The set written. */
    public record ExportView(@JsonProperty("set_id") String setId, @JsonProperty("folder") String folder,
            @JsonProperty("samples") int samples, @JsonProperty("images") int images) {
    }

    @Override
    public void register(OperatorRoutes routes) {
        routes.post("/training-exports", Role.ADMIN, TrainingExportCommand.AUDIT_ACTION, this::export);
    }

    private OperatorReply export(OperatorExchange exchange) {
        Duration since;
        int limit;
        try {
            since = exchange.queryParam("since").map(Duration::parse).orElse(TrainingExportCommand.DEFAULT_SINCE);
            limit = exchange.queryParam("limit").map(Integer::parseInt).orElse(TrainingExportCommand.DEFAULT_LIMIT);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                    "since is an ISO-8601 duration (e.g. P7D) and limit a whole number.");
        }
        if (since.isNegative() || since.isZero() || limit < 1) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST, "since must be positive and limit at least 1.");
        }
        TrainingExport.Result result;
        try {
            result = export.export(since, limit);
        } catch (IOException e) {
            throw new UncheckedIOException("storing a training set failed", e);
        }
        exchange.detail(result.setId() + ": " + result.samples() + " samples, " + result.images() + " images");
        return OperatorReply.ok(new ExportView(result.setId(), result.folder(), result.samples(), result.images()));
    }
}
