package ai.induo.gateway.privacy.erasure;

import ai.induo.gateway.account.AccountEntity;
import java.util.Optional;

/**
 * The account an erasure step erases: its id, and its document while that still exists (read at the
 * start of each run, never kept in the erasure's record).
 */
public record ErasureSubject(String accountId, Optional<AccountEntity> account) {
}
