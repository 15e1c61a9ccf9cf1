package ai.induo.common.net;

import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * An HTTP client for customer-supplied URLs. Every request is checked against a {@link
 * DestinationPolicy}, and connections go only to the addresses the policy vetted (its resolver is
 * the client's DNS, so a name cannot resolve to a public address for the check and a private one
 * for the connection). Redirects are returned, not followed, and no proxy is used. Thread-safe;
 * share one instance.
 */
public final class SafeHttpClient implements AutoCloseable {

    /** How much of a response body {@link Response#bodySnippet()} keeps. */
    public static final int BODY_SNIPPET_BYTES = 1024;

    private final DestinationPolicy policy;
    private final OkHttpClient client;

    /**
     * @param connectTimeout limit for establishing the TCP and TLS connection
     * @param callTimeout limit for the whole call, from resolving the host to reading the response
     */
    public SafeHttpClient(DestinationPolicy policy, Duration connectTimeout, Duration callTimeout) {
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
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
        HttpUrl url = HttpUrl.parse(uri.toString());
        if (url == null) {
            throw new BlockedDestinationException("only valid http and https URLs are allowed");
        }
        // Check the URL exactly as OkHttp parsed it, so both agree on the host that is connected to.
        policy.check(url.uri());
        Request.Builder request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, MediaType.get(contentType)));
        headers.forEach(request::header);
        try (okhttp3.Response response = client.newCall(request.build()).execute()) {
            return new Response(response.code(), response.peekBody(BODY_SNIPPET_BYTES).string());
        }
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
}
