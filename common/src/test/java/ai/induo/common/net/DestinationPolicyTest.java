package ai.induo.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

    private final DestinationPolicy publicOnly = DestinationPolicy.publicOnly();

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.1.2.3", "127.1", "2130706433", "localhost", "0.0.0.0", "0", "[::1]", "[::]",
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "192.0.0.8", "198.18.0.1", "224.0.0.1",
        "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1", "203.0.113.9",
        "[fc00::1]", "[fd12:3456::1]", "[fe80::1]", "[fec0::1]", "[ff02::1]", "[2001:db8::1]",
        "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]", "[::127.0.0.1]",
        "[64:ff9b::a9fe:a9fe]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[2002:a9fe:a9fe::1]", "[2001:0:4136:e378::1]"})
    void nonPublicAddressesAreBlocked(String host) {
        assertThatThrownBy(() -> publicOnly.check(URI.create("http://" + host + ":8080/hook")))
                .isInstanceOf(BlockedDestinationException.class);
    }

    /** Refused before any lookup, also where the address they stand for is allow-listed. */
    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f.0.0.1", "127.1", "2130706433", "0x7f000001", "017700000001", "0x7f.1",
        "0177.0.0.1."})
    void ipv4AddressesInAmbiguousFormsAreRefusedEvenWhenAllowListed(String host) {
        DestinationPolicy loopbackAllowed = new DestinationPolicy(List.of("127.0.0.0/8", "177.0.0.0/8"));

        assertThatThrownBy(() -> loopbackAllowed.resolve(host))
                .isInstanceOf(BlockedDestinationException.class)
                .hasMessageContaining("form resolvers read in different ways");
        assertThatThrownBy(() -> loopbackAllowed.check(URI.create("http://" + host + ":8080/")))
                .isInstanceOf(BlockedDestinationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "METADATA.google.internal.", "metadata"})
    void metadataHostNamesAreBlockedWithoutResolving(String host) {
        assertThatThrownBy(() -> publicOnly.check(URI.create("http://" + host + "/computeMetadata/v1/")))
                .isInstanceOf(BlockedDestinationException.class)
                .hasMessageContaining("not an allowed destination");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "jar:file:/x!/y",
        "mailto:ops@example.com", "/relative/path", "http:///no-host", "http://under_score@/"})
    void onlyHttpUrlsWithAHostAreAllowed(String url) {
        assertThatThrownBy(() -> publicOnly.check(URI.create(url))).isInstanceOf(BlockedDestinationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://8.8.8.8/hook", "https://1.1.1.1:8443/x", "HTTPS://9.9.9.9/", "http://[2606:4700::1111]/"})
    void publicAddressesAreAllowed(String url) {
        assertThatCode(() -> publicOnly.check(URI.create(url))).doesNotThrowAnyException();
    }

    @Test
    void allowListedRangeIsAllowedAndNothingElse() throws UnknownHostException {
        DestinationPolicy policy = new DestinationPolicy(List.of("127.0.0.0/8", "::1/128", "10.1.2.3"));

        assertThatCode(() -> policy.check(URI.create("http://127.0.0.1:8080/"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(URI.create("http://[::1]/"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(URI.create("http://10.1.2.3/"))).doesNotThrowAnyException();
        assertThat(policy.resolve("127.0.0.5")).containsExactly(InetAddress.getByName("127.0.0.5"));
        assertThatThrownBy(() -> policy.check(URI.create("http://10.1.2.4/")))
                .isInstanceOf(BlockedDestinationException.class);
        assertThatThrownBy(() -> policy.check(URI.create("http://169.254.169.254/")))
                .isInstanceOf(BlockedDestinationException.class);
    }

    @Test
    void allowListedHostNameIsAllowedWhateverItResolvesTo() {
        DestinationPolicy policy = new DestinationPolicy(List.of("LocalHost."));

        assertThatCode(() -> policy.check(URI.create("http://localhost:9000/"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check(URI.create("http://127.0.0.1:9000/")))
                .isInstanceOf(BlockedDestinationException.class);
    }

    @Test
    void resolvedAddressesAreReturnedWhenAllArePublic() throws UnknownHostException {
        assertThat(publicOnly.resolve("8.8.4.4")).containsExactly(InetAddress.getByName("8.8.4.4"));
    }

    @Test
    void resolvingABlockedNameThrowsForUseAsADnsHook() {
        assertThatThrownBy(() -> publicOnly.resolve("localhost")).isInstanceOf(BlockedDestinationException.class);
        assertThatThrownBy(() -> publicOnly.resolve("metadata")).isInstanceOf(BlockedDestinationException.class);
    }

    /** Neither the host nor what it resolved to is in the message, and a name that resolves to nothing reads the same. */
    @Test
    void aNameThatDoesNotResolveIsRefusedInTheWordsOfOneWithAPrivateAddress() {
        DestinationPolicy policy = new DestinationPolicy(List.of("10.1.2.3"));

        for (String host : List.of("localhost", "127.0.0.1", "[::1]", "nowhere.invalid", "no-such-name.invalid.")) {
            assertThatThrownBy(() -> policy.resolve(host))
                    .as(host)
                    .isExactlyInstanceOf(BlockedDestinationException.class)
                    .hasMessage(DestinationPolicy.NOT_PUBLIC)
                    .hasNoCause();
            assertThatThrownBy(() -> policy.check(URI.create("https://" + host + "/hook")))
                    .as(host)
                    .isExactlyInstanceOf(BlockedDestinationException.class)
                    .hasMessage(DestinationPolicy.NOT_PUBLIC);
        }
    }

    @Test
    void anAllowListedNameThatDoesNotResolveIsRefusedInTheSameWords() {
        DestinationPolicy policy = new DestinationPolicy(List.of("hooks.nowhere.invalid"));

        assertThatThrownBy(() -> policy.resolve("hooks.nowhere.invalid")).hasMessage(DestinationPolicy.NOT_PUBLIC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "1.2.3.4/x", "300.1.1.1", "not a host!", "::ffff:10.0.0.0/104", "::1/129",
        "host:name"})
    void invalidAllowListEntriesAreRejected(String entry) {
        assertThatThrownBy(() -> new DestinationPolicy(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangesMatchOnBitBoundaries() throws UnknownHostException {
        Cidr cgnat = Cidr.parse("100.64.0.0/10");
        Cidr ula = Cidr.parse("fc00::/7");

        assertThat(cgnat.contains(InetAddress.getByName("100.127.255.255"))).isTrue();
        assertThat(cgnat.contains(InetAddress.getByName("100.128.0.0"))).isFalse();
        assertThat(cgnat.contains(InetAddress.getByName("100.63.255.255"))).isFalse();
        assertThat(ula.contains(InetAddress.getByName("fdff::1"))).isTrue();
        assertThat(ula.contains(InetAddress.getByName("fe00::1"))).isFalse();
        assertThat(cgnat.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    }
}
