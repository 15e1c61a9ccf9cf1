package ai.induo.gateway.idempotency;

import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;

/**
 * The {@code Idempotency-Key} of a request that creates something, for binding the key to what it
 * creates: a later request under the key answers that thing when it is the same request (the same
 * {@link #requestDigest()}), and {@link #keyReused()} when it is not.
 */
public interface IdempotencyBinding {

    /** The key as the client sent it. */
    String key();

    /** The keyed digest of the whole request (method, path, body); reads what is left of the body first. */
    String requestDigest();

    /** The answer to a request under a key that was used with a different request: {@code 422 idempotency_key_reused}. */
    static ApiException keyReused() {
        return ApiException.unprocessable(ErrorCodes.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used with a different request; use a new key for a new request.");
    }
}
