package ai.induo.gateway.idempotency;

import ai.induo.gateway.problem.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * Passes a request body through while digesting it (HMAC-SHA256 under a server key, after the
 * request line's method and path), so a request can be compared with the first one made under its
 * idempotency key without keeping its body, and a copy of the digests tells nothing testable about
 * the bodies. A multipart body is digested without its boundary, which clients pick at random for
 * every attempt; what the parts hold is digested in full.
 */
final class RequestDigest extends FilterInputStream {

    private final Mac digest;
    private final byte[] boundary;
    private final int[] fallback;
    private final long maxBytes;
    /** How many bytes of {@link #boundary} the latest bytes match; held back from the digest until decided. */
    private int matched;
    private long count;
    private boolean ended;
    private String hash;

    /**
     * @param body the request body
     * @param method the request method
     * @param path the request path
     * @param boundary the multipart boundary left out of the hash, or null
     * @param maxBytes the most body bytes {@link #drain()} reads
     * @param digest a fresh HMAC under the digest key, used by this stream alone
     */
    RequestDigest(InputStream body, String method, String path, String boundary, long maxBytes, Mac digest) {
        super(body);
        this.maxBytes = maxBytes;
        this.digest = digest;
        this.boundary = boundary == null || boundary.isEmpty() ? null : boundary.getBytes(StandardCharsets.ISO_8859_1);
        this.fallback = this.boundary == null ? null : fallbackTable(this.boundary);
        digest.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            ended = true;
        } else {
            count++;
            accept((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
        } else {
            count += n;
        }
        for (int i = 0; i < n; i++) {
            accept(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return transferTo(OutputStream.nullOutputStream(), n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /**
     * Reads what is left of the body, so the hash covers all of it.
     *
     * @throws ApiException {@code 413} when the body passes the most bytes allowed
     */
    void drain() throws IOException {
        while (!ended) {
            transferTo(OutputStream.nullOutputStream(), maxBytes + 1 - count);
            if (count > maxBytes) {
                throw ApiException.payloadTooLarge("The request body is too large.");
            }
        }
    }

    /** Reads the rest of the body into the hash first: readers such as Jackson close it before its end. */
    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            super.close();
        }
    }

    /**
     * Hex HMAC of method, path and the body read so far; the first call ends the digest, later ones
     * give the same answer. Call it after {@link #drain()}.
     */
    String hash() {
        if (hash == null) {
            if (boundary != null) {
                digest.update(boundary, 0, matched);
            }
            hash = HexFormat.of().formatHex(digest.doFinal());
        }
        return hash;
    }

    private long transferTo(OutputStream sink, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        while (total < limit) {
            int n = read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            sink.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** Digests the byte unless it may belong to the boundary (Knuth–Morris–Pratt over the stream). */
    private void accept(byte b) {
        if (boundary == null) {
            digest.update(b);
            return;
        }
        while (matched > 0 && boundary[matched] != b) {
            int keep = fallback[matched - 1];
            digest.update(boundary, 0, matched - keep);
            matched = keep;
        }
        if (boundary[matched] == b) {
            matched++;
            if (matched == boundary.length) {
                matched = 0;
            }
        } else {
            digest.update(b);
        }
    }

    /** For each prefix of the pattern, the length of its longest proper prefix that is also its suffix. */
    private static int[] fallbackTable(byte[] pattern) {
        int[] table = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = table[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }
}
