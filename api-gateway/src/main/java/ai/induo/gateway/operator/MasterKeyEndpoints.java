package ai.induo.gateway.operator;

import ai.induo.common.crypto.MasterKeyRotation;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.gateway.crypto.MasterKeyRotationCommand;
import ai.induo.gateway.problem.ApiException;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/** {@code POST /operator/v1/master-key/rotation} (admin): the {@code rotate-master-key} command's rotation, run now. */
@ApplicationScoped
public class MasterKeyEndpoints implements OperatorEndpoints {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    @Inject
    MasterKeyRotationCommand rotation;

    /** What the rotation did to one collection. */
    public record OutcomeView(@JsonProperty("collection") String collection, @JsonProperty("rewrapped") int rewrapped,
            @JsonProperty("already_current") int alreadyCurrent, @JsonProperty("changed_meanwhile") int changedMeanwhile,
            @JsonProperty("unopenable") int unopenable) {
    }

    /** The rotation's report. */
    public record RotationView(@JsonProperty("master_key_id") String masterKeyId, @JsonProperty("complete") boolean complete,
            @JsonProperty("collections") List<OutcomeView> collections) {
    }

    @Override
    public void register(OperatorRoutes routes) {
        routes.post("/master-key/rotation", Role.ADMIN, MasterKeyRotationCommand.AUDIT_ACTION, this::rotate);
    }

    private OperatorReply rotate(OperatorExchange exchange) {
        MasterKeyRotation.Report report;
        try {
            report = rotation.rotate();
        } catch (MasterKeyUnavailableException e) {
            throw ApiException.serviceUnavailable("The master key cannot be used now; nothing is lost, run it again.", RETRY_AFTER);
        }
        exchange.detail("under " + report.targetMasterKeyId() + (report.complete() ? "" : ", incomplete"));
        return OperatorReply.ok(new RotationView(report.targetMasterKeyId(), report.complete(), report.outcomes().stream()
                .map(o -> new OutcomeView(o.collection(), o.rewrapped(), o.alreadyCurrent(), o.changedMeanwhile(), o.unopenable()))
                .toList()));
    }
}
