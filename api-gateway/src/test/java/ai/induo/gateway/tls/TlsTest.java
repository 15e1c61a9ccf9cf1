package ai.induo.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway serving HTTPS itself, as {@code ./induo up --tls} runs it: TLS 1.3 and 1.2 only
 * ({@code quarkus.http.ssl.protocols}), HSTS on its answers, no plain HTTP. The one test profile of
 * this class exists because TLS is set when the HTTP server starts.
 */
@QuarkusTest
@TestProfile(TlsTest.Tls.class)
class TlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TestHTTPResource(value = "/v1/jobs", tls = true)
    URL https;

    /** HTTPS with the test's certificate, only plain HTTP refused. */
    public static final class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.ssl.certificate.key-store-file", TestCertificate.create().toString(),
                    "quarkus.http.ssl.certificate.key-store-password", TestCertificate.PASSWORD,
                    "quarkus.http.insecure-requests", "disabled");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void tls13And12HandshakesSucceed(String protocol) throws Exception {
        try (SSLSocket socket = socket(protocol)) {
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        }
    }

    @Test
    void aTls11HandshakeIsRefusedByTheServer() throws Exception {
        try (SSLSocket socket = socket("TLSv1.1")) {
            assertThatThrownBy(socket::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class)
                    .as("the server's alert, not the client refusing to offer TLS 1.1")
                    .hasMessageStartingWith("Received fatal alert");
        }
    }

    @Test
    void httpsAnswersCarryHsts() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestCertificate.trustingIt()).connectTimeout(TIMEOUT)
                .build();

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(https.toURI()).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("strict-transport-security"))
                .hasValue("max-age=31536000; includeSubDomains");
    }

    @Test
    void plainHttpToTheTlsPortGetsNoHttpAnswer() throws Exception {
        try (Socket socket = new Socket(https.getHost(), https.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();

            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/");
        }
    }

    private SSLSocket socket(String protocol) throws Exception {
        SSLContext context = TestCertificate.trustingIt();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(https.getHost(), https.getPort());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.setEnabledProtocols(new String[] {protocol});
        return socket;
    }
}
