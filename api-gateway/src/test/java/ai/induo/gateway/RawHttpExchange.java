package ai.induo.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request written by hand on its own connection ({@code Connection: close}), so a test
 * controls the pace of the body and may send what no HTTP client would: a body longer than declared,
 * chunks past every limit. The answer is read to the end of the connection.
 */
public final class RawHttpExchange implements AutoCloseable {

    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    /** The answer: status, headers (names lower-cased) and body as text. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final OutputStream out;

    private RawHttpExchange(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code uri}'s host and sends the request line (its path and query) and headers,
     * {@code Host} and {@code Connection: close} added.
     */
    public static RawHttpExchange start(URI uri, String method, Map<String, String> headers, Duration readTimeout)
            throws IOException {
        RawHttpExchange exchange = new RawHttpExchange(new Socket(uri.getHost(), uri.getPort()));
        exchange.socket.setSoTimeout((int) readTimeout.toMillis());
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getAuthority()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        exchange.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        return exchange;
    }

    public RawHttpExchange write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Copies {@code body} onto the connection. */
    public RawHttpExchange write(InputStream body) throws IOException {
        body.transferTo(out);
        out.flush();
        return this;
    }

    /**
     * Sends {@code body} in chunks of the chunked transfer coding, then the last chunk, unless the
     * server closes the connection first (as it may, having answered); how many body bytes went out.
     */
    public long writeChunked(InputStream body) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        long sent = 0;
        try {
            for (int n = body.read(buffer); n > 0; n = body.read(buffer)) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += n;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (SocketException closedByServer) {
            // The server answered and closed the connection; the answer is still there to read.
        }
        return sent;
    }

    /**
     * Reads the answer to the end of the connection. A reset that follows a complete answer (the
     * server closed with request bytes still unread) ends it like a close.
     */
    public Answer answer() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            if (received.size() == 0) {
                throw reset;
            }
        }
        return parse(received.toString(StandardCharsets.ISO_8859_1));
    }

    private static Answer parse(String raw) {
        int endOfHead = raw.indexOf("\r\n\r\n");
        if (endOfHead < 0) {
            throw new IllegalStateException("no complete answer: " + raw);
        }
        String[] lines = raw.substring(0, endOfHead).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = raw.substring(endOfHead + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int endOfSize = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, endOfSize).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, endOfSize + 2, endOfSize + 2 + size);
            at = endOfSize + 2 + size + 2;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
