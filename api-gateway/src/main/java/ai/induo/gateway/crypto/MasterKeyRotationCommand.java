package ai.induo.gateway.crypto;

import ai.induo.common.crypto.AccountKeySecrets;
import ai.induo.common.crypto.CachingMasterKey;
import ai.induo.common.crypto.MasterKey;
import ai.induo.common.crypto.MasterKeyRotation;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.common.crypto.MasterWrappedStore;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.command.GatewayCommand;
import ai.induo.gateway.operator.Operator;
import ai.induo.gateway.operator.OperatorAction;
import ai.induo.gateway.operator.OperatorAudit;
import ai.induo.gateway.webhook.StoredSigningSecrets;
import ai.induo.gateway.webhook.WebhookEndpointRepository;
import ai.induo.gateway.webhook.WebhookEndpointService;
import ai.induo.platform.crypto.MongoAccountKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code rotate-master-key}: re-wraps every secret that the master key wraps directly (account keys,
 * account and endpoint webhook secrets) under the current master key, with the previous keys of
 * {@code induo.crypto.previous-master-keys} opening what they wrapped. The procedure around it is in
 * docs/configuration.md ("Rotating the master key"). Each run from the command line is recorded in
 * the operator audit log (who: {@code cli:<OS user>}); the operator API's route runs {@link #rotate()}.
 */
@ApplicationScoped
public class MasterKeyRotationCommand implements GatewayCommand {

    /** The command's name. */
    public static final String NAME = "rotate-master-key";

    /** Some secrets did not open (their master key is not configured, or they are damaged): see the log. */
    public static final int INCOMPLETE = 1;
    /** The master key could not be used now (Cloud KMS): nothing is lost, run it again. */
    public static final int UNAVAILABLE = 3;
    /** The name rotations are audited under. */
    public static final String AUDIT_ACTION = "master_key.rotate";

    @Inject
    MasterKey masterKey;

    @Inject
    MongoAccountKeyStore accountKeys;

    @Inject
    AccountRepository accounts;

    @Inject
    WebhookEndpointRepository endpoints;

    @Inject
    OperatorAudit audit;

    /** Every collection of secrets wrapped directly by the master key. */
    public List<MasterWrappedStore> collections() {
        return List.of(new AccountKeySecrets(accountKeys),
                new StoredSigningSecrets("account webhook secrets", accounts.mongoCollection(), "webhookSecrets",
                        AccountService::secretContext),
                new StoredSigningSecrets("webhook endpoint secrets", endpoints.mongoCollection(), "secrets",
                        WebhookEndpointService::context));
    }

    /** Re-wraps every collection once under the current master key; what it did. */
    public MasterKeyRotation.Report rotate() {
        return new MasterKeyRotation(CachingMasterKey.uncached(masterKey), collections()).run();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String synopsis() {
        return "re-wraps every secret under the current master key";
    }

    /** Runs the rotation once and writes what it did to {@code out}; the exit status. */
    @Override
    public int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (!arguments.isEmpty()) {
            err.println("usage: " + NAME + " (no arguments)");
            return USAGE;
        }
        MasterKeyRotation.Report report;
        try {
            report = rotate();
        } catch (MasterKeyUnavailableException e) {
            audit.record(OperatorAction.of(Operator.cli(), AUDIT_ACTION).withOutcome("master_key_unavailable"));
            out.println("the master key cannot be used now (" + e.getMessage() + "); nothing is lost, run it again");
            return UNAVAILABLE;
        }
        audit.record(OperatorAction.of(Operator.cli(), AUDIT_ACTION).withOutcome(report.complete() ? OperatorAction.OK : "incomplete")
                .withDetail("under " + report.targetMasterKeyId()));
        out.println("re-wrapped under master key " + report.targetMasterKeyId() + ":");
        for (MasterKeyRotation.Outcome outcome : report.outcomes()) {
            out.printf("  %s: %d re-wrapped, %d already under it, %d changed meanwhile, %d do not open%n",
                    outcome.collection(), outcome.rewrapped(), outcome.alreadyCurrent(), outcome.changedMeanwhile(),
                    outcome.unopenable());
        }
        if (!report.complete()) {
            out.println("some secrets do not open with the configured master keys (see the log); "
                    + "keep the previous master keys until they are found");
            return INCOMPLETE;
        }
        out.println("every secret is under " + report.targetMasterKeyId() + "; the previous master keys can be retired");
        return DONE;
    }
}
