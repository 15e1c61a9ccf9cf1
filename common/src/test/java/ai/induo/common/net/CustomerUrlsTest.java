package ai.induo.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerUrlsTest {

    /** Each of these is 127.0.0.1 to glibc's resolver, and something else (or nothing) to Java or a URL parser. */
    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f.0.0.1", "127.1", "2130706433", "0x7f000001", "017700000001",
        "127.0.1", "0x7f.1", "127.000.0.1", "127.0.0.01", "1.2.3.256", "1.2.3.4.5", "0", "0x", "127.0.0.0x1"})
    void ipv4AddressesInFormsResolversReadDifferentlyAreRefused(String host) {
        for (String url : new String[] {"https://" + host + "/hook", "http://" + host + ":8080/x.png",
            "https://user:pw@" + host + ":443/", "https://" + host + "./"}) {
            assertThatThrownBy(() -> CustomerUrls.parse(url))
                    .as(url)
                    .isInstanceOf(InvalidUrlException.class)
                    .hasMessageContaining("host " + host)
                    .hasMessageContaining("resolvers read in different ways");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://8.8.8.8:8443/x", "https://0.0.0.0/",
        "https://255.255.255.255/", "https://hooks.example.com/induo", "https://1e100.net/", "https://0x7f.example/",
        "https://cafe.babe/", "https://[::1]:8080/", "https://[::ffff:127.0.0.1]/", "HTTP://Example.COM/Path",
        "  https://example.com/padded  "})
    void plainAddressesAndHostNamesHaveTheirForm(String url) throws InvalidUrlException {
        assertThat(CustomerUrls.parse(url)).isEqualTo(URI.create(url.strip()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://example.com/", "ftp://example.com/x", "mailto:ops@example.com",
        "/relative/path", "example.com/hook", "https:///no-host", "jar:file:/x!/y"})
    void onlyAbsoluteHttpUrlsWithAHostHaveTheForm(String url) {
        assertThatThrownBy(() -> CustomerUrls.parse(url))
                .isInstanceOf(InvalidUrlException.class)
                .hasMessage("must be an absolute http or https URL");
    }

    @Test
    void textThatIsNoUrlOrHasNoValidHostIsRefused() {
        assertThatThrownBy(() -> CustomerUrls.parse("https://exa mple.com/"))
                .isInstanceOf(InvalidUrlException.class).hasMessage("is malformed");
        assertThatThrownBy(() -> CustomerUrls.parse("https://under_score@/"))
                .isInstanceOf(InvalidUrlException.class).hasMessage("has no valid host name");
        assertThatThrownBy(() -> CustomerUrls.parse("https://-bad-.example/"))
                .isInstanceOf(InvalidUrlException.class).hasMessage("has no valid host name");
    }
}
