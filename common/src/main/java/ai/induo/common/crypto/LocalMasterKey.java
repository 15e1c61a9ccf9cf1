package ai.induo.common.crypto;

import ai.induo.common.residency.AllowedLocations;
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
 * A {@link MasterKey} held in this process: an AES-256 key that wraps account keys (AES-256-GCM,
 * random 12-byte nonce prepended). It is loaded from base64 text, typically a file mounted from a
 * secret ({@code openssl rand -base64 32} makes one). It never throws
 * {@link MasterKeyUnavailableException}.
 */
public final class LocalMasterKey implements MasterKey {

    private static final Logger LOG = Logger.getLogger(LocalMasterKey.class);
    private static final String ID_PREFIX = "mk_";
    private static final int ID_HEX_CHARS = 16;
    private static final Set<PosixFilePermission> NON_OWNER_PERMISSIONS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AesGcmKeyWrap keyWrap;
    private final String id;

    private LocalMasterKey(byte[] material) {
        this.keyWrap = new AesGcmKeyWrap(material, "a master key");
        this.id = ID_PREFIX + HexFormat.of().formatHex(sha256(material)).substring(0, ID_HEX_CHARS);
    }

    /** Reads a master key from base64 text (surrounding whitespace ignored). */
    public static LocalMasterKey fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a master key must be base64 text; this is not valid base64");
        }
        return new LocalMasterKey(material);
    }

    /**
     * Reads a master key from a file holding its base64 text. Logs a warning when the file is
     * readable or writable by anyone but its owner.
     */
    public static LocalMasterKey fromFile(Path file) throws IOException {
        warnIfShared(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key file " + file + ": " + e.getMessage());
        }
    }

    /** A new random master key (tests and key provisioning). */
    public static LocalMasterKey generate() {
        byte[] material = new byte[AesGcmKeyWrap.KEY_SIZE_BYTES];
        RANDOM.nextBytes(material);
        return new LocalMasterKey(material);
    }

    /** {@link AllowedLocations#LOCAL}: the key is held by this process. */
    @Override
    public Set<String> locations() {
        return Set.of(AllowedLocations.LOCAL);
    }

    /** {@code "mk_"} and the first 16 hex characters of the SHA-256 of the key. */
    @Override
    public String id() {
        return id;
    }

    @Override
    public WrappedSecret wrap(byte[] key, byte[] associatedData) {
        return new WrappedSecret(id, keyWrap.wrap(key, associatedData));
    }

    @Override
    public byte[] unwrap(WrappedSecret wrapped, byte[] associatedData) throws DecryptionException {
        if (!opens(wrapped.masterKeyId())) {
            throw new DecryptionException("the secret was wrapped by master key " + wrapped.masterKeyId()
                    + ", not by " + id);
        }
        return keyWrap.unwrap(wrapped.ciphertext(), associatedData);
    }

    @Override
    public String toString() {
        return "LocalMasterKey[" + id + "]";
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
