package ai.induo.common.net;

import java.net.UnknownHostException;

/**
 * A URL or host name is not an allowed destination for outgoing requests: wrong scheme, a blocked
 * name, a name that does not resolve, or one that resolves to a private, loopback, link-local or
 * otherwise non-public address. It is an {@link UnknownHostException} (hence a checked {@link
 * java.io.IOException}) so that it can pass through DNS hooks such as OkHttp's {@code Dns}, which
 * may only throw that. The message never contains the addresses a name resolved to, nor tells a
 * name that does not resolve from one with a blocked address.
 */
public class BlockedDestinationException extends UnknownHostException {

    public BlockedDestinationException(String message) {
        super(message);
    }
}
