package ai.induo.gateway.operator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;

/**
 * A chunked HTTP response as an {@link OutputStream} for a worker thread: each write waits until
 * Vert.x has handed the bytes to the connection, so a slow client slows the writer down instead of
 * the response piling up in memory. Wrap it in a {@link java.io.BufferedOutputStream}.
 */
final class ResponseOutputStream extends OutputStream {

    private final HttpServerResponse response;
    private boolean closed;

    ResponseOutputStream(HttpServerResponse response) {
        this.response = response;
        response.setChunked(true);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > 0) {
            await(response.write(Buffer.buffer().appendBytes(bytes, offset, length)));
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        await(response.end());
    }

    private static void await(io.vertx.core.Future<Void> written) throws IOException {
        try {
            written.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException("the client went away", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the answer", e);
        }
    }
}
