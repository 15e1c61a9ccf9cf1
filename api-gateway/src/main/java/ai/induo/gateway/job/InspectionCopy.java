package ai.induo.gateway.job;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Passes what is written on to the stream it wraps and keeps a copy in memory of at most
 * {@code maxBytes}, so an image just stored can be checked from the copy instead of being read back
 * and decrypted. Once more than {@code maxBytes} pass, the copy is dropped and {@link #copy} is empty.
 * Closing it closes the wrapped stream.
 */
final class InspectionCopy extends FilterOutputStream {

    private final int maxBytes;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream();

    InspectionCopy(OutputStream out, int maxBytes) {
        super(out);
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        keep(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        keep(b, off, len);
    }

    /** The bytes written, when they were no more than {@code maxBytes}. */
    Optional<byte[]> copy() {
        return Optional.ofNullable(copy).map(ByteArrayOutputStream::toByteArray);
    }

    private void keep(byte[] b, int off, int len) {
        if (copy == null) {
            return;
        }
        if (copy.size() + len > maxBytes) {
            copy = null;
            return;
        }
        copy.write(b, off, len);
    }
}
