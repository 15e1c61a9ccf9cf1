package ai.induo.gateway.requestlog;

import ai.induo.common.net.Cidr;
import ai.induo.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client address of a request: the connection's peer, unless the peer is a trusted proxy
 * ({@code induo.gateway.trusted-proxies}); then {@code X-Forwarded-For} is read from the right,
 * skipping trusted proxies, and the first address not trusted is the client. An entry that is not
 * an IP address literal ends the walk at the last trusted address.
 */
@ApplicationScoped
public class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    @Inject
    GatewayConfig config;

    private List<Cidr> trusted;

    @PostConstruct
    void init() {
        trusted = config.trustedProxies().orElse(List.of()).stream().map(String::strip).map(Cidr::parse).toList();
    }

    /** The client's address, or null when the connection has none (a Unix socket). */
    public String of(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String client = peer == null ? null : peer.hostAddress();
        if (client == null || !isTrusted(client)) {
            return client;
        }
        List<String> forwarded = request.headers().getAll(FORWARDED_FOR).stream()
                .flatMap(header -> List.of(header.split(",")).stream())
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i);
            if (parse(hop) == null) {
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = parse(address);
        return parsed != null && trusted.stream().anyMatch(range -> range.contains(parsed));
    }

    /** The address of an IP address literal, without any name lookup; null for anything else. */
    private static InetAddress parse(String address) {
        if (address.indexOf('/') >= 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Cidr.parse(address).network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }
}
