package ai.induo.common.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The key-encryption key: an AES-256 key that wraps account keys (AES-256-GCM, random 12-byte
 * nonce prepended). It is loaded from base64 text, typically a file mounted from a secret
 * ({@code openssl rand -base64 32} makes one).
 *
 * <p>{@link #id()} names the key without revealing it, so stored wrapped keys record which master
 * key wrapped them. Neither {@link #toString()} nor any exception message shows key material.
 */
public final class MasterKey {

    private static final Logger LOG = Logger.getLogger(MasterKey.class);
    private static final String ID_PREFIX = "mk_";
    private static final int ID_HEX_CHARS = 16;
    private static final Set<PosixFilePermission> NON_OWNER_PERMISSIONS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AesGcmKeyWrap keyWrap;
    private final String id;

    private MasterKey(byte[] material) {
        this.keyWrap = new AesGcmKeyWrap(material, "a master key");
        this.id = ID_PREFIX + HexFormat.of().formatHex(sha256(material)).substring(0, ID_HEX_CHARS);
    }

    /** Reads a master key from base64 text (surrounding whitespace ignored). */
    public static MasterKey fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a master key must be base64 text; this is not valid base64");
        }
        return new MasterKey(material);
    }

    /**
     * Reads a master key from a file holding its base64 text. Logs a warning when the file is
     * readable or writable by anyone but its owner.
     */
    public static MasterKey fromFile(Path file) throws IOException {
        warnIfShared(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key file " + file + ": " + e.getMessage());
        }
    }

    /** A new random master key (tests and key provisioning). */
    public static MasterKey generate() {
        byte[] material = new byte[AesGcmKeyWrap.KEY_SIZE_BYTES];
        RANDOM.nextBytes(material);
        return new MasterKey(material);
    }

    /** {@code "mk_"} and the first 16 hex characters of the SHA-256 of the key. */
    public String id() {
        return id;
    }

    /** Encrypts {@code key} bound to {@code associatedData}. */
    public byte[] wrap(byte[] key, byte[] associatedData) {
        return keyWrap.wrap(key, associatedData);
    }

    /**
     * Decrypts what {@link #wrap} produced with the same associated data.
     *
     * @throws DecryptionException when {@code wrapped} was changed, was wrapped by another master key
     *     or under other associated data
     */
    public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws DecryptionException {
        return keyWrap.unwrap(wrapped, associatedData);
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }

    private static byte[] sha256(byte[] material) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(material);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static void warnIfShared(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        permissions.retainAll(NON_OWNER_PERMISSIONS);
        if (!permissions.isEmpty()) {
            LOG.warnf("master key file %s is accessible to users other than its owner (%s); restrict it to 0400",
                    file, permissions);
        }
    }
}
