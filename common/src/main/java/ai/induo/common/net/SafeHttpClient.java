package ai.induo.common.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * An HTTP client for customer-supplied URLs. Every request is checked against a {@link
 * DestinationPolicy}, and connections go only to the addresses the policy vetted (its resolver is
 * the client's DNS, so a name cannot resolve to a public address for the check and a private one
 * for the connection). {@link #post} returns redirects, {@link #get} follows a bounded number
 * itself, vetting every hop; no proxy is used. Thread-safe; share one instance.
 */
public final class SafeHttpClient implements AutoCloseable {

    /** How much of a response body {@link Response#bodySnippet()} keeps. */
    public static final int BODY_SNIPPET_BYTES = 1024;

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final DestinationPolicy policy;
    private final Duration callTimeout;
    private final OkHttpClient client;

    /**
     * @param connectTimeout limit for establishing the TCP and TLS connection
     * @param callTimeout limit for the whole call, from resolving the host to reading the response
     */
    public SafeHttpClient(DestinationPolicy policy, Duration connectTimeout, Duration callTimeout) {
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.client = new OkHttpClient.Builder()
                .dns(policy::resolve)
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(connectTimeout)
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .callTimeout(callTimeout)
                .build();
    }

    /**
     * POSTs {@code body} to {@code uri}.
     *
     * @return the status and the first {@value #BODY_SNIPPET_BYTES} bytes of the response body; a
     *     redirect is returned as its 3xx status
     * @throws BlockedDestinationException when the policy refuses the URL
     * @throws java.io.InterruptedIOException when a timeout expires
     * @throws IOException when the request fails otherwise
     */
    public Response post(URI uri, Map<String, String> headers, byte[] body, String contentType) throws IOException {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        HttpUrl url = vet(HttpUrl.parse(uri.toString()));
        Request.Builder request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, MediaType.get(contentType)));
        headers.forEach(request::header);
        try (okhttp3.Response response = client.newCall(request.build()).execute()) {
            return new Response(response.code(), response.peekBody(BODY_SNIPPET_BYTES).string());
        }
    }

    /**
     * GETs {@code uri}, following up to {@code maxRedirects} redirects (301, 302, 303, 307 and 308
     * with a {@code Location}, relative ones resolved against the URL that answered), each checked
     * against the policy like the first URL. The call timeout bounds the whole fetch, every hop and
     * the reading of the body included.
     *
     * @return the final response; its body is open, and the caller closes it
     * @throws BlockedDestinationException when the policy refuses the URL or a redirect's target
     * @throws ProtocolException when there are more than {@code maxRedirects} redirects
     * @throws InterruptedIOException when the timeout expires
     * @throws IOException when the request fails otherwise
     */
    public FetchResponse get(URI uri, int maxRedirects) throws IOException {
        Objects.requireNonNull(uri, "uri");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
        long deadline = System.nanoTime() + callTimeout.toNanos();
        HttpUrl url = vet(HttpUrl.parse(uri.toString()));
        for (int redirects = 0; ; redirects++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new InterruptedIOException("timeout");
            }
            Call call = client.newCall(new Request.Builder().url(url).get().build());
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
            okhttp3.Response response = call.execute();
            String location = response.header("Location");
            if (!REDIRECTS.contains(response.code()) || location == null) {
                return new FetchResponse(response.code(), url.uri(), response.body().byteStream());
            }
            response.close();
            if (redirects == maxRedirects) {
                throw new ProtocolException("more than " + maxRedirects + " redirects");
            }
            url = vet(url.resolve(location));
        }
    }

    /** The URL as OkHttp parsed it, checked against the policy, so both agree on the host connected to. */
    private HttpUrl vet(HttpUrl url) throws IOException {
        if (url == null) {
            throw new BlockedDestinationException("only valid http and https URLs are allowed");
        }
        policy.check(url.uri());
        return url;
    }

    /** Releases pooled connections. */
    @Override
    public void close() {
        client.connectionPool().evictAll();
    }

    /**
     * What came back from a request.
     *
     * @param status the HTTP status code
     * @param bodySnippet the start of the response body, decoded as UTF-8 (or the declared charset)
     */
    public record Response(int status, String bodySnippet) {
    }

    /**
     * The final response of {@link #get}: close it (or its body) to release the connection.
     *
     * @param status the HTTP status code
     * @param uri the URL that answered, after any redirects
     * @param body the response body, read as it arrives
     */
    public record FetchResponse(int status, URI uri, InputStream body) implements Closeable {

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
