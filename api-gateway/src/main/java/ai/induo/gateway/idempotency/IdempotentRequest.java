package ai.induo.gateway.idempotency;

import jakarta.enterprise.context.RequestScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} of the request being served, once {@link IdempotencyFilter} has
 * reserved it ({@link #binding()}, for resources that bind the key to what they create), and the
 * account its answer belongs to. An authenticated request's answer belongs to
 * the caller's account; a request that creates the account it belongs to (sign-up) names it with
 * {@link #ownedBy}. An answer that belongs to no account is not kept.
 */
@RequestScoped
public class IdempotentRequest {

    private Reservation reservation;
    private String owner;

    /** A request that reserved its key: what the response filter and the binding need of it. */
    record Reservation(String id, String key, RequestDigest digest) implements IdempotencyBinding {

        @Override
        public String requestDigest() {
            try {
                digest.drain();
            } catch (IOException e) {
                throw new UncheckedIOException("reading the rest of the request body failed", e);
            }
            return digest.hash();
        }
    }

    void reserved(Reservation value) {
        reservation = value;
    }

    /** The reserved key of this request; empty without one. */
    public Optional<IdempotencyBinding> binding() {
        return Optional.ofNullable(reservation);
    }

    /** The reservation, handed over once: later calls answer empty. */
    Optional<Reservation> takeReservation() {
        Optional<Reservation> taken = Optional.ofNullable(reservation);
        reservation = null;
        return taken;
    }

    /**
     * The answer to this request belongs to {@code accountId}, which the request created: it is kept
     * encrypted under that account's key. Without a reserved key this changes nothing.
     */
    public void ownedBy(String accountId) {
        owner = Objects.requireNonNull(accountId, "accountId");
    }

    /** The account named by {@link #ownedBy}, if any. */
    Optional<String> owner() {
        return Optional.ofNullable(owner);
    }
}
