package ai.induo.common.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last exception its source threw. Decoders and decrypters that wrap a stream report
 * its I/O failures as their own errors (an unreadable header, a failed authentication); this lets
 * the caller tell a source that could not be read from data that is bad.
 */
public final class FailureRecordingInputStream extends FilterInputStream {

    private volatile IOException failure;

    public FailureRecordingInputStream(InputStream in) {
        super(in);
    }

    /** The last exception the source threw, or null. */
    public IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
