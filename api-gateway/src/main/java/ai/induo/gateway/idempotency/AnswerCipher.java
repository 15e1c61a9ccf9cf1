package ai.induo.gateway.idempotency;

import ai.induo.common.crypto.DecryptionException;
import ai.induo.common.crypto.EnvelopeCipher;
import ai.induo.common.crypto.KeyUnavailableException;
import ai.induo.common.crypto.MasterKeyUnavailableException;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Encrypts the answers kept under idempotency keys the way job images are: envelope encryption
 * under the current key of the account the answer belongs to ({@link EnvelopeCipher}), never
 * directly under the master key. An answer whose account key is gone (the account was erased) or
 * that does not authenticate can no longer be replayed.
 */
@ApplicationScoped
class AnswerCipher {

    private static final Logger LOG = Logger.getLogger(AnswerCipher.class);

    @Inject
    EnvelopeCipher cipher;

    /** The answer's body, encrypted for the account and bound to the record it is kept in. */
    byte[] encrypt(String recordId, String accountId, byte[] body) throws IOException {
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream(body.length + 256);
        try (OutputStream plaintext = cipher.encryptingStream(accountId, objectKey(recordId), encrypted)) {
            plaintext.write(body);
        }
        return encrypted.toByteArray();
    }

    /**
     * The record's answer body.
     *
     * @throws ApiException {@code 410 idempotent_answer_gone} when it can no longer be opened
     * @throws MasterKeyUnavailableException when the master key cannot be used right now ({@code 503})
     */
    byte[] decrypt(IdempotencyRecord record) {
        if (record.bodyEncrypted == null) {
            throw gone(record, "it was stored in a format this gateway no longer reads");
        }
        try (InputStream plaintext = cipher.decryptingStream(record.accountId, objectKey(record.id),
                new ByteArrayInputStream(record.bodyEncrypted))) {
            return plaintext.readAllBytes();
        } catch (MasterKeyUnavailableException e) {
            throw e;
        } catch (KeyUnavailableException | DecryptionException e) {
            throw gone(record, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the answer of idempotency key record " + record.id + " from memory failed", e);
        }
    }

    /** What the envelope binds an answer to: its record, so that it opens in no other record. */
    private static String objectKey(String recordId) {
        return "idempotency_keys/" + recordId;
    }

    private static ApiException gone(IdempotencyRecord record, String why) {
        LOG.infof("the answer of idempotency key record %s of %s cannot be opened: %s", record.id, record.scope, why);
        return new ApiException(Response.Status.GONE, ErrorCodes.IDEMPOTENT_ANSWER_GONE, "The answer kept for this "
                + "Idempotency-Key can no longer be read (the account's keys were destroyed); the request was not run again.");
    }
}
