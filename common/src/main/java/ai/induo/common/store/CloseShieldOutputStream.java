package ai.induo.common.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands an {@link ObjectStore.ObjectWriter} a stream it may close: closing only flushes, so the store
 * still decides afterwards whether the object is finished or abandoned.
 */
public final class CloseShieldOutputStream extends FilterOutputStream {

    public CloseShieldOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
