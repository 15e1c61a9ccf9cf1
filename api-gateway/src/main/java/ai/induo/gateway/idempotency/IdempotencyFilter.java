package ai.induo.gateway.idempotency;

import ai.induo.gateway.account.AccountService;
import ai.induo.gateway.account.SecretTokens;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.crypto.KeyedDigests;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.Mac;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * {@code Idempotency-Key} on {@link Idempotent} resources. The key is reserved with one insert before
 * the resource runs, scoped to the caller's account (or to sign-up, for the unauthenticated
 * {@code POST /v1/accounts}); the request is digested as it is read (method, path, body; a keyed
 * {@link RequestDigest}). A password in the body ({@link Idempotent#password()}) is left out of the
 * digest; a replay needs the created account's password instead. When the resource answers
 * {@code 2xx} or {@code 4xx} the response is stored with the digest; a later request with the key
 * and the same digest gets it back with {@code Idempotent-Replayed: true}, one with another digest
 * {@code 422 idempotency_key_reused}, and one while the first still runs
 * {@code 409 idempotency_request_in_progress}. A {@code 5xx}, {@code 409} or {@code 429} answer is
 * not stored, nor one that belongs to no account (a refused sign-up): the reservation is dropped so
 * the request can be retried with the key. A stored answer is encrypted under its account's key; one
 * that can no longer be opened answers {@code 410 idempotent_answer_gone}.
 */
public class IdempotencyFilter {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** Set on a replayed response. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** The longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 255;
    /** When a client should retry a request whose key is held by a request still running. */
    static final Duration IN_PROGRESS_RETRY_AFTER = Duration.ofSeconds(1);
    private static final String SIGN_UP_SCOPE = "sign-up";
    /** Attempts to reserve a key whose stale record is deleted in between by a concurrent request. */
    private static final int MAX_RESERVE_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);

    @Inject
    IdempotencyRepository records;

    @Inject
    CurrentCaller caller;

    @Inject
    GatewayConfig config;

    @Inject
    IdempotencySweeper sweeper;

    @Inject
    IdempotentRequest idempotentRequest;

    @Inject
    AnswerCipher answers;

    @Inject
    KeyedDigests digests;

    @Inject
    AccountService accounts;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** Reserves the key, or answers with the stored response or the error; null lets the request go on. */
    @ServerRequestFilter(priority = Priorities.USER)
    public Response reserve(ContainerRequestContext request, SimpleResourceInfo resource) throws IOException {
        Idempotent idempotent = resource == null ? null : idempotentOf(resource);
        if (idempotent == null) {
            return null;
        }
        String key = request.getHeaderString(HEADER);
        if (key == null) {
            return null;
        }
        requireValid(key);
        String scope = caller.isAuthenticated() ? "account:" + caller.accountId() : SIGN_UP_SCOPE;
        String id = recordId(scope, key);
        Mac mac = digests.newMac(KeyedDigests.Purpose.IDEMPOTENCY_REQUEST);
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        long maxBytes = config.uploads().maxBodyBytes();
        RequestDigest digest;
        String password = null;
        if (idempotent.password().isEmpty()) {
            MediaType mediaType = request.getMediaType();
            String boundary = mediaType != null && mediaType.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)
                    ? mediaType.getParameters().get("boundary") : null;
            digest = new RequestDigest(request.getEntityStream(), method, path, boundary, maxBytes, mac);
            request.setEntityStream(digest);
        } else {
            PasswordFreeBody body = PasswordFreeBody.read(request.getEntityStream(), idempotent.password(), json);
            request.setEntityStream(new ByteArrayInputStream(body.body()));
            digest = new RequestDigest(new ByteArrayInputStream(body.digested()), method, path, null, maxBytes, mac);
            password = body.password();
        }

        for (int attempt = 0; attempt < MAX_RESERVE_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            IdempotencyRecord reservation = new IdempotencyRecord();
            reservation.id = id;
            reservation.scope = scope;
            reservation.key = key;
            reservation.state = IdempotencyRecord.IN_PROGRESS;
            reservation.createdAt = now;
            reservation.expiresAt = now.plus(config.idempotency().ttl());
            if (records.reserve(reservation)) {
                idempotentRequest.reserved(new IdempotentRequest.Reservation(id, key, digest));
                return null;
            }
            if (records.deleteIfStale(id, now, now.minus(config.idempotency().abandonedAfter()))) {
                continue;
            }
            IdempotencyRecord existing = records.find(id).orElse(null);
            if (existing == null) {
                continue;
            }
            if (IdempotencyRecord.IN_PROGRESS.equals(existing.state)) {
                throw ApiException.conflict(ErrorCodes.IDEMPOTENCY_REQUEST_IN_PROGRESS,
                        "A request with this Idempotency-Key is still being processed; retry it shortly.",
                        IN_PROGRESS_RETRY_AFTER);
            }
            digest.drain();
            boolean sameRequest = existing.requestHash.equals(digest.hash())
                    && (idempotent.password().isEmpty() || accounts.hasPassword(existing.accountId, password));
            if (!sameRequest) {
                throw IdempotencyBinding.keyReused();
            }
            return replay(existing);
        }
        throw new IllegalStateException("idempotency key record " + id + " kept changing while it was being reserved");
    }

    @ServerResponseFilter
    public void store(ContainerResponseContext response) {
        IdempotentRequest.Reservation reservation = idempotentRequest.takeReservation().orElse(null);
        if (reservation == null) {
            return;
        }
        int status = response.getStatus();
        Optional<String> owner = caller.isAuthenticated() ? Optional.of(caller.accountId()) : idempotentRequest.owner();
        if (status >= 500 || status < 200 || status == 409 || status == 429 || owner.isEmpty()) {
            release(reservation);
            return;
        }
        try {
            reservation.digest().drain();
            byte[] body = response.hasEntity() ? json.writeValueAsBytes(response.getEntity()) : new byte[0];
            MediaType type = response.getMediaType();
            records.complete(reservation.id(), reservation.digest().hash(), status,
                    type == null ? null : type.toString(),
                    response.getHeaderString(HttpHeaders.LOCATION),
                    response.getHeaderString(HttpHeaders.CACHE_CONTROL),
                    owner.get(), answers.encrypt(reservation.id(), owner.get(), body));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the response under idempotency key record %s could not be stored, so the key is released: %s",
                    reservation.id(), e.toString());
            release(reservation);
        }
    }

    /**
     * Lets the key be used again. When the database cannot be reached the key is released as soon as
     * it is back; the answer itself goes out unchanged.
     */
    private void release(IdempotentRequest.Reservation reservation) {
        try {
            records.release(reservation.id());
        } catch (MongoException e) {
            LOG.warnf("idempotency key record %s could not be released now (%s); it is released once the database is back",
                    reservation.id(), e.getMessage());
            sweeper.releaseLater(reservation.id());
        }
    }

    private Response replay(IdempotencyRecord record) {
        byte[] body = answers.decrypt(record);
        Response.ResponseBuilder response = Response.status(record.status)
                .header(REPLAYED_HEADER, "true")
                .header(HttpHeaders.LOCATION, record.location)
                .header(HttpHeaders.CACHE_CONTROL, record.cacheControl);
        if (body.length > 0) {
            response.entity(body).type(record.contentType);
        }
        return response.build();
    }

    private static void requireValid(String key) {
        boolean valid = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        if (!valid) {
            throw ApiException.badRequest(ErrorCodes.INVALID_REQUEST,
                    HEADER + " must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters.");
        }
    }

    private static Idempotent idempotentOf(SimpleResourceInfo resource) {
        try {
            return resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes())
                    .getAnnotation(Idempotent.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("resource method " + resource.getMethodName() + " not found on "
                    + resource.getResourceClass().getName(), e);
        }
    }

    private static String recordId(String scope, String key) {
        return SecretTokens.hash(scope + '\0' + key);
    }
}
