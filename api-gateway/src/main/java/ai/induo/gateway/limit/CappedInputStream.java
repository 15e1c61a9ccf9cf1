package ai.induo.gateway.limit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Passes an upload through while counting its bytes; the read that goes past the cap throws the
 * given exception at once, so the rest of the upload is never read. Every way of reading goes
 * through {@link #read(byte[], int, int)} or {@link #read()}, so none bypasses the count. Once past
 * the cap, closing it leaves the stream beneath as it is: a request body closed by the HTTP layer
 * would be read to its end, however long, before the refusal could be answered.
 */
public final class CappedInputStream extends InputStream {

    private final InputStream in;
    private final long cap;
    private final Supplier<? extends RuntimeException> overCap;
    private long count;

    public CappedInputStream(InputStream in, long cap, Supplier<? extends RuntimeException> overCap) {
        this.in = Objects.requireNonNull(in, "in");
        this.cap = cap;
        this.overCap = Objects.requireNonNull(overCap, "overCap");
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int read = in.read(b, off, len);
        if (read > 0) {
            counted(read);
        }
        return read;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        if (count <= cap) {
            in.close();
        }
    }

    private void counted(int bytes) {
        count += bytes;
        if (count > cap) {
            throw overCap.get();
        }
    }
}
