package ai.induo.stack;

import ai.induo.stack.GcsStandInObjects.ContentDigest;
import ai.induo.stack.GcsStandInObjects.PreconditionFailedException;
import ai.induo.stack.GcsStandInObjects.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One resumable upload session of {@link GcsStandInServer}: the bytes received so far, in a file of their
 * own that no lookup sees, until the request that brings the last byte finishes the object.
 */
final class GcsStandInUpload {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final String bucket;
    private final String name;
    private final String contentType;
    private final OptionalLong ifGenerationMatch;
    private final Path file;
    private final CRC32C crc32c = new CRC32C();
    private final MessageDigest md5;
    private long received;
    private long lastActiveNanos = System.nanoTime();
    private StoredObject finished;

    /** @param file an empty file of its own for the bytes to come */
    GcsStandInUpload(String bucket, String name, String contentType, OptionalLong ifGenerationMatch, Path file) {
        this.bucket = bucket;
        this.name = name;
        this.contentType = contentType;
        this.ifGenerationMatch = ifGenerationMatch;
        this.file = file;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides MD5", e);
        }
    }

    /** What a chunk request led to: the object when it was finished, else the bytes persisted so far. */
    record Outcome(Optional<StoredObject> object, long persisted) {
    }

    /**
     * Takes one {@code PUT} of the session. Bytes the session already has (a client resending after a
     * lost answer) are skipped; the chunk that brings the declared total finishes the object.
     *
     * @param contentRange the request's {@code Content-Range}: {@code bytes a-b/total}, {@code bytes a-b/*},
     *     {@code bytes *}{@code /total} (finish) or {@code bytes *}{@code /*} (ask how much arrived)
     * @param hashes the request's {@code x-goog-hash} ({@code crc32c=...,md5=...}) to check on finishing
     * @throws UploadRejectedException when the request does not fit the session; the session stays usable
     */
    synchronized Outcome receive(Optional<String> contentRange, InputStream body, Optional<String> hashes,
            GcsStandInObjects objects) throws IOException, UploadRejectedException, PreconditionFailedException {
        lastActiveNanos = System.nanoTime();
        if (finished != null) {
            body.transferTo(OutputStream.nullOutputStream());
            return new Outcome(Optional.of(finished), finished.size());
        }
        Matcher range = CONTENT_RANGE.matcher(contentRange.orElse("bytes */*"));
        if (!range.matches()) {
            throw new UploadRejectedException("malformed Content-Range: " + contentRange.orElseThrow());
        }
        if (range.group(1) != null) {
            append(Long.parseLong(range.group(1)), Long.parseLong(range.group(2)), body);
        } else if (body.read() >= 0) {
            throw new UploadRejectedException("a request with Content-Range bytes */... carries no bytes");
        }
        String total = range.group(3);
        if (total.equals("*")) {
            return new Outcome(Optional.empty(), received);
        }
        long size = Long.parseLong(total);
        if (received > size) {
            throw new UploadRejectedException("received " + received + " bytes, more than the declared " + size);
        }
        if (received < size) {
            return new Outcome(Optional.empty(), received);
        }
        ContentDigest digest = new ContentDigest(received, (int) crc32c.getValue(), md5.digest());
        checkHashes(hashes, digest);
        finished = objects.finish(bucket, name, contentType, file, digest, ifGenerationMatch);
        return new Outcome(Optional.of(finished), received);
    }

    /** Whether no request reached the session since {@code nanoTime}. */
    synchronized boolean idleSince(long nanoTime) {
        return lastActiveNanos - nanoTime < 0;
    }

    /** Deletes the bytes of an unfinished session. */
    synchronized void discard() throws IOException {
        Files.deleteIfExists(file);
    }

    private void append(long first, long last, InputStream body) throws IOException, UploadRejectedException {
        if (last < first) {
            throw new UploadRejectedException("Content-Range ends before it starts");
        }
        if (first > received) {
            throw new UploadRejectedException("chunk starts at " + first + " but only " + received
                    + " bytes arrived; the next chunk must start there");
        }
        long known = received - first;
        long expected = last - first + 1;
        long read = 0;
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                int skip = (int) Math.max(0, Math.min(n, known - read));
                if (read + n > expected) {
                    throw new UploadRejectedException("the request carries more bytes than its Content-Range");
                }
                out.write(buffer, skip, n - skip);
                crc32c.update(ByteBuffer.wrap(buffer, skip, n - skip));
                md5.update(buffer, skip, n - skip);
                received += n - skip;
                read += n;
            }
        }
        if (read != expected) {
            throw new UploadRejectedException("the request carries " + read + " bytes, its Content-Range "
                    + expected);
        }
    }

    private static void checkHashes(Optional<String> hashes, ContentDigest digest) throws UploadRejectedException {
        if (hashes.isEmpty()) {
            return;
        }
        for (String hash : hashes.get().split(",")) {
            String[] parts = hash.trim().split("=", 2);
            if (parts.length != 2) {
                throw new UploadRejectedException("malformed x-goog-hash: " + hashes.get());
            }
            byte[] claimed;
            try {
                claimed = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new UploadRejectedException("x-goog-hash " + parts[0] + " is not base64");
            }
            byte[] actual = switch (parts[0]) {
                case "crc32c" -> ByteBuffer.allocate(Integer.BYTES).putInt(digest.crc32c()).array();
                case "md5" -> digest.md5();
                default -> throw new UploadRejectedException("unknown x-goog-hash algorithm " + parts[0]);
            };
            if (!Arrays.equals(claimed, actual)) {
                throw new UploadRejectedException("the " + parts[0] + " in x-goog-hash does not match the bytes "
                        + "received");
            }
        }
    }

    /** A chunk request that does not fit the session (HTTP 400). */
    static final class UploadRejectedException extends Exception {
        private static final long serialVersionUID = 1L;

        UploadRejectedException(String message) {
            super(message);
        }
    }
}
