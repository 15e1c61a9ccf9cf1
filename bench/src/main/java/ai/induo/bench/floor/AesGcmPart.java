package ai.induo.bench.floor;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The encryption a job needs, with the primitive and parameters of {@code EnvelopeCipher}: Tink's
 * AES-256-GCM-HKDF streaming AEAD in 64 KiB segments under a fresh data key an object. The two
 * inputs are encrypted (gateway) and decrypted (worker), the output is encrypted (worker). The
 * wrap of each 32-byte data key is left out: it is below what this measures.
 */
final class AesGcmPart implements FloorPart {

    private static final int DATA_KEY_BYTES = 32;
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final byte[] ASSOCIATED_DATA = "floor".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private final byte[] person;
    private final byte[] product;
    private final byte[] output;

    AesGcmPart(JobInputs inputs, byte[] output) {
        this.person = inputs.person();
        this.product = inputs.product();
        this.output = output;
    }

    @Override
    public String name() {
        return "aes_gcm";
    }

    @Override
    public boolean onCallingThread() {
        return true;
    }

    @Override
    public void runOneJob() throws Exception {
        decrypt(encrypt(person));
        decrypt(encrypt(product));
        encrypt(output);
    }

    private Sealed encrypt(byte[] plaintext) throws Exception {
        byte[] key = new byte[DATA_KEY_BYTES];
        random.nextBytes(key);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(plaintext.length + 1024);
        try (OutputStream out = aead(key).newEncryptingStream(sealed, ASSOCIATED_DATA)) {
            out.write(plaintext);
        }
        return new Sealed(key, sealed.toByteArray());
    }

    private static void decrypt(Sealed sealed) throws Exception {
        try (InputStream in = aead(sealed.key()).newDecryptingStream(new ByteArrayInputStream(sealed.ciphertext()),
                ASSOCIATED_DATA)) {
            in.readAllBytes();
        }
    }

    private static StreamingAead aead(byte[] key) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(key, "HmacSha256", DATA_KEY_BYTES, SEGMENT_BYTES, 0);
    }

    private record Sealed(byte[] key, byte[] ciphertext) {
    }
}
