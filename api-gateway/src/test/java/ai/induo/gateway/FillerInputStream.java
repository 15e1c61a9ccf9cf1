package ai.induo.gateway;

import java.io.InputStream;
import java.util.Arrays;

/** {@code size} copies of one byte, made as they are read: a large upload that costs the test no memory. */
public final class FillerInputStream extends InputStream {

    private final byte filler;
    private long remaining;

    public FillerInputStream(char filler, long size) {
        this.filler = (byte) filler;
        this.remaining = size;
    }

    /** {@code size} zero bytes. */
    public static FillerInputStream zeros(long size) {
        return new FillerInputStream('\0', size);
    }

    @Override
    public int read() {
        if (remaining == 0) {
            return -1;
        }
        remaining--;
        return filler & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
            return -1;
        }
        int n = (int) Math.min(len, remaining);
        Arrays.fill(b, off, off + n, filler);
        remaining -= n;
        return n;
    }
}
