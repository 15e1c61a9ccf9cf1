package ai.induo.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A multipart/form-data body written by hand as a sequence of pieces, read lazily when it is sent,
 * so a test controls every byte of it (and can leave it cut off or malformed).
 */
public final class MultipartForm {

    public static final String BOUNDARY = "induo-test-7c2f9a";
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private final List<InputStream> pieces = new ArrayList<>();
    private long length;

    /** A complete file part named {@code name}. */
    public MultipartForm file(String name, byte[] content) {
        return partHeader(name).bytes(content).bytes("\r\n");
    }

    /** The delimiter and headers of a file part named {@code name}; its content follows. */
    public MultipartForm partHeader(String name) {
        return bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + name + ".png\"\r\nContent-Type: image/png\r\n\r\n");
    }

    public MultipartForm bytes(String text) {
        return bytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    public MultipartForm bytes(byte[] content) {
        return piece(new ByteArrayInputStream(content), content.length);
    }

    public MultipartForm piece(InputStream content, long size) {
        pieces.add(content);
        length += size;
        return this;
    }

    /** Adds the closing delimiter; a body without one is cut off. */
    public MultipartForm end() {
        return bytes("--" + BOUNDARY + "--\r\n");
    }

    /** The body's length in bytes. */
    public long length() {
        return length;
    }

    public HttpRequest.BodyPublisher publisher() {
        return BodyPublishers.fromPublisher(
                BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(pieces))), length);
    }

    public byte[] toBytes() {
        try (InputStream all = new SequenceInputStream(Collections.enumeration(pieces))) {
            return all.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
