package ai.induo.gateway.privacy.erasure;

import ai.induo.common.crypto.AccountKeyring;
import ai.induo.common.id.Ids;
import ai.induo.gateway.account.AccountEntity;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.gateway.problem.ApiException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Erases an account (policy §6): the one entry point, for the account's owner and for operators.
 * At once, before answering: the account is marked as being erased (it signs in no more), its API keys
 * and sessions are deleted (authentication reads them from the database on every request, so the
 * next request answers {@code 401}), its keys are destroyed (every object and encrypted answer of the
 * account is unreadable from then on; another process that cached a key drops it within
 * {@code induo.crypto.account-key-cache-ttl}), and its queued and running jobs are cancelled. The
 * rest is the {@link ErasureStep}s, run durably by {@link ErasureRunner}.
 */
@ApplicationScoped
public class AccountErasure {

    @Inject
    AccountRepository accounts;

    @Inject
    ErasureRepository erasures;

    @Inject
    AccountDocumentsStep documents;

    @Inject
    JobCancellationStep jobs;

    @Inject
    AccountKeyring keyring;

    @Inject
    Clock clock;

    /**
     * Starts erasing the account, or answers the erasure already under way; {@code 404} when there is
     * no such account (also once an erasure of it has finished).
     */
    public ErasureReceipt request(String accountId) {
        AccountEntity account = accounts.findByIdOptional(accountId).orElseThrow(() -> ApiException.notFound("No such account."));
        if (account.erasureId == null) {
            String id = Ids.newId(Ids.ERASURE, clock.instant());
            if (!accounts.markErasing(accountId, id)) {
                return request(accountId);
            }
            account.erasureId = id;
        }
        ErasureEntity erasure = erasures.findByIdOptional(account.erasureId).orElseGet(() -> insert(account));
        shutOut(accountId);
        return erasure.receipt();
    }

    /** The receipt of an erasure, for operators; empty when there is no such erasure. */
    public Optional<ErasureReceipt> receipt(String erasureId) {
        if (!Ids.isValid(Ids.ERASURE, erasureId)) {
            return Optional.empty();
        }
        return erasures.findByIdOptional(erasureId).map(ErasureEntity::receipt);
    }

    private ErasureEntity insert(AccountEntity account) {
        try {
            return erasures.insert(account.erasureId, account.id, clock.instant());
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return erasures.findByIdOptional(account.erasureId).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** Everything that must hold before the request is answered; each part may run again. */
    private void shutOut(String accountId) {
        documents.delete(accountId, AccountDocumentsStep.SESSIONS, AccountDocumentsStep.API_KEYS);
        keyring.destroy(accountId);
        jobs.cancelActive(accountId);
    }
}
