package ai.induo.gateway.job;

import ai.induo.common.net.BlockedDestinationException;
import ai.induo.common.net.CustomerUrls;
import ai.induo.common.net.DestinationPolicy;
import ai.induo.common.net.InvalidUrlException;
import ai.induo.common.net.SafeHttpClient;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fetches input images given by URL, against server-side request forgery: only public addresses
 * (plus the configured allow-list), every redirect checked the same way, and one timeout for the
 * whole fetch. The body is handed on as it arrives, never buffered whole; a fetch that fails, also
 * halfway through the body, is refused with {@code 422 input_fetch_failed} naming the field, and a
 * URL not usable as written ({@link CustomerUrls}) with {@code 422 invalid_request}.
 */
@ApplicationScoped
public class InputFetcher {

    /** Connecting should be quick; the whole fetch is bounded by the fetch timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(InputFetcher.class);

    @Inject
    GatewayConfig config;

    private SafeHttpClient client;

    @PostConstruct
    void init() {
        Duration fetchTimeout = config.inputs().fetchTimeout();
        DestinationPolicy policy = new DestinationPolicy(config.inputs().allowedDestinations().orElse(List.of()));
        Duration connectTimeout = fetchTimeout.compareTo(CONNECT_TIMEOUT) < 0 ? fetchTimeout : CONNECT_TIMEOUT;
        client = new SafeHttpClient(policy, connectTimeout, fetchTimeout);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Starts fetching {@code url} for {@code field} and returns the body once a 2xx status arrived.
     * Close it when done.
     *
     * @throws ApiException {@code 422 invalid_request} when the URL is not an absolute http(s) URL
     *     or its host is an IPv4 address in an ambiguous form; {@code 422 input_fetch_failed} when
     *     it is not an allowed destination (a host that does not resolve is refused as one with a
     *     private address, in the same words), the server answers other than 2xx, there are too
     *     many redirects, the connection fails or the timeout expires
     */
    public FetchedInput open(String field, String url) {
        URI uri;
        try {
            uri = CustomerUrls.parse(url);
        } catch (InvalidUrlException e) {
            throw ApiException.unprocessable(ErrorCodes.INVALID_REQUEST, field + ": the URL " + e.getMessage() + ".");
        }
        SafeHttpClient.FetchResponse response;
        try {
            response = client.get(uri, config.inputs().maxRedirects());
        } catch (IOException e) {
            throw failed(field, e);
        }
        if (response.status() / 100 != 2) {
            closeQuietly(response.body());
            throw failed(field, "the server answered " + response.status());
        }
        return new FetchedInput(field, response.body());
    }

    private ApiException failed(String field, IOException cause) {
        LOG.debugf("fetching %s failed: %s", field, cause.toString());
        return failed(field, reason(cause));
    }

    private String reason(IOException cause) {
        if (cause instanceof BlockedDestinationException) {
            return "the URL is not an allowed destination: " + cause.getMessage();
        }
        if (cause instanceof InterruptedIOException) {
            return "it took longer than " + config.inputs().fetchTimeout().toSeconds() + " s";
        }
        if (cause instanceof ProtocolException) {
            return "there were more than " + config.inputs().maxRedirects() + " redirects";
        }
        return "the connection failed";
    }

    private static ApiException failed(String field, String reason) {
        return ApiException.unprocessable(ErrorCodes.INPUT_FETCH_FAILED, field + ": the image could not be fetched: "
                + reason + ".");
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            LOG.debugf("closing a fetched body failed: %s", e.toString());
        }
    }

    /**
     * The body of a fetched image, read as it arrives. A read that fails (the connection dropped,
     * the timeout expired) throws {@code 422 input_fetch_failed}; closing releases the connection.
     */
    public final class FetchedInput extends InputStream {

        private final String field;
        private final InputStream body;

        private FetchedInput(String field, InputStream body) {
            this.field = field;
            this.body = body;
        }

        @Override
        public int read() {
            try {
                return body.read();
            } catch (IOException e) {
                throw failed(field, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return body.read(b, off, len);
            } catch (IOException e) {
                throw failed(field, e);
            }
        }

        @Override
        public void close() {
            closeQuietly(body);
        }
    }
}
