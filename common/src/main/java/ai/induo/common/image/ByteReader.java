package ai.induo.common.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Reads a stream through one small buffer for the metadata filters: byte by byte, in runs copied
 * to an output or skipped, and with a look at the leading bytes before any is consumed. Reads never
 * fail at the end of the stream; they return what there was.
 */
final class ByteReader {

    private static final int BUFFER_BYTES = 8 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    ByteReader(InputStream in) {
        this.in = in;
    }

    /** Up to {@code count} leading bytes (at most the buffer's size), left unread. */
    byte[] peek(int count) throws IOException {
        while (limit - position < count && limit < buffer.length) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                break;
            }
            limit += read;
        }
        return Arrays.copyOfRange(buffer, position, Math.min(limit, position + count));
    }

    /** The next byte, or -1 at the end. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    /** Reads into {@code target} until it is full or the stream ends; the number of bytes read. */
    int readFully(byte[] target) throws IOException {
        int filled = 0;
        while (filled < target.length && (position < limit || fill())) {
            int take = Math.min(target.length - filled, limit - position);
            System.arraycopy(buffer, position, target, filled, take);
            position += take;
            filled += take;
        }
        return filled;
    }

    /** Copies the next {@code count} bytes (fewer at the end) to {@code out}. */
    void copy(long count, OutputStream out) throws IOException {
        transfer(count, out);
    }

    /** Skips the next {@code count} bytes (fewer at the end). */
    void skip(long count) throws IOException {
        transfer(count, null);
    }

    /** Copies everything left to {@code out}. */
    void copyRest(OutputStream out) throws IOException {
        transfer(Long.MAX_VALUE, out);
    }

    /** Everything left. */
    byte[] readRest() throws IOException {
        byte[] buffered = Arrays.copyOfRange(buffer, position, limit);
        position = limit;
        byte[] rest = in.readAllBytes();
        byte[] all = Arrays.copyOf(buffered, buffered.length + rest.length);
        System.arraycopy(rest, 0, all, buffered.length, rest.length);
        return all;
    }

    private void transfer(long count, OutputStream out) throws IOException {
        long remaining = count;
        while (remaining > 0 && (position < limit || fill())) {
            int take = (int) Math.min(remaining, limit - position);
            if (out != null) {
                out.write(buffer, position, take);
            }
            position += take;
            remaining -= take;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }
}
