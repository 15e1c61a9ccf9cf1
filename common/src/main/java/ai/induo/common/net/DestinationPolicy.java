package ai.induo.common.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decides where outgoing requests to customer-supplied URLs (webhooks, image URLs) may go, against
 * server-side request forgery: only http and https, and only to hosts whose every address is
 * public. An IPv4 address written other than as four decimal numbers ({@code 0177.0.0.1},
 * {@code 127.1}, {@code 2130706433}; see {@link Ipv4Literal}) is refused, allow-listed or not. Loopback, unspecified, private (RFC 1918, fc00::/7), shared (100.64/10), link-local
 * (169.254/16 with the cloud metadata service, fe80::/10), multicast, reserved and documentation
 * ranges are refused, also when embedded in IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4,
 * Teredo), as are the metadata host names.
 *
 * <p>The allow-list lifts the block for address ranges ({@code 127.0.0.0/8}, {@code ::1/128},
 * single addresses) and for exact host names (any address they resolve to). Thread-safe.
 */
public final class DestinationPolicy {

    /**
     * Why a host that does not resolve, or resolves to a blocked address, is refused: one message
     * for both.
     */
    public static final String NOT_PUBLIC = "its host does not resolve to a public address";

    static final Set<String> SCHEMES = Set.of("http", "https");
    private static final Set<String> BLOCKED_HOSTS = Set.of("metadata.google.internal", "metadata");
    private static final String LABEL = "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final List<Cidr> BLOCKED_RANGES = Stream.of(
                    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
                    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
                    "::/128", "::1/128", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10",
                    "fec0::/10", "ff00::/8")
            .map(Cidr::parse)
            .toList();
    /**
     * IPv6 ranges whose addresses carry an IPv4 address, and where in the 16 bytes it sits.
     * IPv4-mapped addresses ({@code ::ffff:a.b.c.d}) need no entry: Java turns them into IPv4.
     */
    private static final List<EmbeddedIpv4> EMBEDDED_IPV4 = List.of(
            new EmbeddedIpv4(Cidr.parse("::/96"), 12),
            new EmbeddedIpv4(Cidr.parse("64:ff9b::/96"), 12),
            new EmbeddedIpv4(Cidr.parse("64:ff9b:1::/48"), 12),
            new EmbeddedIpv4(Cidr.parse("2002::/16"), 2));
    private static final int IPV4_BYTES = 4;

    private final List<Cidr> allowedRanges;
    private final Set<String> allowedHosts;

    /**
     * @param allowList address ranges ({@code "127.0.0.0/8"}, {@code "::1/128"}, {@code "10.1.2.3"})
     *     and exact host names that are allowed even though they would be blocked
     * @throws IllegalArgumentException for an entry that is neither a range nor a host name
     */
    public DestinationPolicy(List<String> allowList) {
        List<Cidr> ranges = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : Objects.requireNonNull(allowList, "allowList")) {
            String trimmed = Objects.requireNonNull(entry, "allow-list entry").strip();
            if (trimmed.contains("/") || Cidr.isLiteral(trimmed)) {
                ranges.add(Cidr.parse(trimmed));
            } else {
                String host = normalize(trimmed);
                if (!HOST_NAME.matcher(host).matches()) {
                    throw new IllegalArgumentException("allow-list entry is neither an address range nor a host name: "
                            + entry);
                }
                hosts.add(host);
            }
        }
        this.allowedRanges = List.copyOf(ranges);
        this.allowedHosts = Set.copyOf(hosts);
    }

    /** A policy with an empty allow-list: public destinations only. */
    public static DestinationPolicy publicOnly() {
        return new DestinationPolicy(List.of());
    }

    /**
     * Checks a URL: http or https, a host, and every address of the host allowed.
     *
     * @throws BlockedDestinationException when the URL may not be requested, its host not resolving
     *     included
     */
    public void check(URI uri) throws BlockedDestinationException {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new BlockedDestinationException("only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new BlockedDestinationException("URL has no valid host");
        }
        resolve(host);
    }

    /**
     * Resolves a host name (or parses an address literal) and returns its addresses, all of them
     * allowed. A name that does not resolve and a name with a blocked address get the same
     * exception with the same message ({@link #NOT_PUBLIC}), which names neither the host nor what
     * it resolved to, so that answers built on it cannot be used to map internal DNS.
     *
     * @throws BlockedDestinationException when the name is blocked, does not resolve, or any of its
     *     addresses is blocked
     */
    public List<InetAddress> resolve(String host) throws BlockedDestinationException {
        Objects.requireNonNull(host, "host");
        String name = normalize(host);
        if (name.isEmpty()) {
            throw new BlockedDestinationException("empty host name");
        }
        if (Ipv4Literal.isAmbiguous(name)) {
            throw new BlockedDestinationException("host " + name + " is an IPv4 address in a form resolvers read in "
                    + "different ways");
        }
        if (allowedHosts.contains(name)) {
            return List.of(lookUp(name));
        }
        if (BLOCKED_HOSTS.contains(name)) {
            throw new BlockedDestinationException("host " + name + " is not an allowed destination");
        }
        InetAddress[] addresses = lookUp(name);
        for (InetAddress address : addresses) {
            if (isBlocked(address) && !isAllowListed(address)) {
                throw new BlockedDestinationException(NOT_PUBLIC);
            }
        }
        return List.of(addresses);
    }

    private static InetAddress[] lookUp(String name) throws BlockedDestinationException {
        try {
            return InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new BlockedDestinationException(NOT_PUBLIC);
        }
    }

    private boolean isAllowListed(InetAddress address) {
        return allowedRanges.stream().anyMatch(range -> range.contains(address));
    }

    static boolean isBlocked(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (BLOCKED_RANGES.stream().anyMatch(range -> range.contains(bytes))) {
            return true;
        }
        if (address instanceof Inet6Address) {
            for (EmbeddedIpv4 embedded : EMBEDDED_IPV4) {
                if (embedded.range().contains(bytes) && isBlockedIpv4(embedded.extract(bytes))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isBlockedIpv4(byte[] ipv4) {
        try {
            return isBlocked(InetAddress.getByAddress(ipv4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** Lower case, without IPv6 brackets or the final dot of a fully qualified name. */
    private static String normalize(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    private record EmbeddedIpv4(Cidr range, int offset) {

        byte[] extract(byte[] ipv6) {
            return Arrays.copyOfRange(ipv6, offset, offset + IPV4_BYTES);
        }
    }
}
