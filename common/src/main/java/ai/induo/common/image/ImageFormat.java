package ai.induo.common.image;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** The image formats the service accepts, recognised by their leading bytes, never by file name. */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp");

    /** How many leading bytes {@link #sniff} needs to tell every format apart. */
    public static final int SNIFF_BYTES = 12;

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] RIFF_MAGIC = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP_MAGIC = {'W', 'E', 'B', 'P'};
    private static final int WEBP_MAGIC_OFFSET = 8;

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The IANA media type, e.g. {@code image/png}. */
    public String mediaType() {
        return mediaType;
    }

    /** The format whose signature {@code head} starts with; give it at least {@link #SNIFF_BYTES} bytes. */
    public static Optional<ImageFormat> sniff(byte[] head) {
        Objects.requireNonNull(head, "head");
        if (startsWith(head, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, RIFF_MAGIC) && startsWith(head, WEBP_MAGIC_OFFSET, WEBP_MAGIC)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, byte[] magic) {
        return data.length >= offset + magic.length
                && Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
    }
}
