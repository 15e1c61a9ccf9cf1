package ai.induo.common.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The form a URL given by a customer (a webhook target, an image to fetch) must have before
 * anything asks the network about it: an absolute http or https URL whose host is a host name, an
 * IPv6 address in brackets or an IPv4 address written as four decimal numbers ({@link
 * Ipv4Literal}). Where such a URL may lead is the {@link DestinationPolicy}'s decision.
 */
public final class CustomerUrls {

    private static final Pattern PORT = Pattern.compile(":[0-9]*$");

    private CustomerUrls() {
    }

    /**
     * The URL {@code text} (surrounding white space dropped), checked for its form.
     *
     * @throws InvalidUrlException when it is not an absolute http or https URL with a valid host, or
     *     its host is an IPv4 address in a form that resolvers read differently
     */
    public static URI parse(String text) throws InvalidUrlException {
        Objects.requireNonNull(text, "text");
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidUrlException("is malformed");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !DestinationPolicy.SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))
                || uri.getRawAuthority() == null) {
            throw new InvalidUrlException("must be an absolute http or https URL");
        }
        String host = uri.getHost() != null ? uri.getHost() : registryHost(uri.getRawAuthority());
        if (Ipv4Literal.isAmbiguous(host)) {
            throw new InvalidUrlException("has the host " + host + ", an IPv4 address not written as four decimal "
                    + "numbers from 0 to 255, which resolvers read in different ways");
        }
        if (uri.getHost() == null) {
            throw new InvalidUrlException("has no valid host name");
        }
        return uri;
    }

    /** The host of an authority that {@link URI} could not split: after any user info, before any port. */
    private static String registryHost(String authority) {
        return PORT.matcher(authority.substring(authority.lastIndexOf('@') + 1)).replaceFirst("");
    }
}
