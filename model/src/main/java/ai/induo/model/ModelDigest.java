package ai.induo.model;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 digests of model files, as lower-case hex, the form {@code sha256sum} prints. */
public final class ModelDigest {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER_SIZE = 1 << 16;

    private ModelDigest() {
    }

    /** The SHA-256 of some bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** The SHA-256 of everything left in a stream; the stream is read to its end but not closed. */
    public static String sha256Hex(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER_SIZE];
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Normalises a SHA-256 written as hex: surrounding blanks removed, lower case.
     *
     * @throws IllegalArgumentException when it is not 64 hex digits
     */
    public static String normalizeSha256Hex(String hex) {
        String normalized = hex.strip().toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(normalized).matches()) {
            throw new IllegalArgumentException("A SHA-256 must be 64 hexadecimal digits, got '" + hex + "'");
        }
        return normalized;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
