package ai.induo.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordFreeBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePasswordIsTakenOutOfWhatIsDigestedAndTheBodyIsLeftAsSent() throws IOException {
        String sent = "{\"name\": \"Acme\", \"password\": \"correct horse battery staple\", \"email\": \"dev@acme.example\"}";
        PasswordFreeBody body = read(sent);

        assertThat(new String(body.body(), StandardCharsets.UTF_8)).isEqualTo(sent);
        assertThat(new String(body.digested(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Acme\",\"email\":\"dev@acme.example\"}");
        assertThat(body.password()).isEqualTo("correct horse battery staple");
    }

    @Test
    void anotherPasswordAloneLeavesWhatIsDigestedAsItWas() throws IOException {
        PasswordFreeBody first = read("{\"email\":\"dev@acme.example\",\"password\":\"correct horse battery staple\"}");
        PasswordFreeBody second = read("{\"email\":\"dev@acme.example\",\"password\":\"another long password\"}");
        PasswordFreeBody otherEmail = read("{\"email\":\"ops@acme.example\",\"password\":\"correct horse battery staple\"}");

        assertThat(second.digested()).isEqualTo(first.digested());
        assertThat(otherEmail.digested()).isNotEqualTo(first.digested());
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsNotDigestedAtAll() throws IOException {
        for (String sent : new String[] {"{\"password\": \"correct horse battery staple\",", "[\"correct horse battery staple\"]"}) {
            PasswordFreeBody body = read(sent);

            assertThat(body.digested()).isEmpty();
            assertThat(body.password()).isNull();
            assertThat(new String(body.body(), StandardCharsets.UTF_8)).isEqualTo(sent);
        }
    }

    @Test
    void aPasswordThatIsNotAStringIsLeftOutAndCountsAsNone() throws IOException {
        PasswordFreeBody body = read("{\"email\":\"dev@acme.example\",\"password\":12345678901}");

        assertThat(new String(body.digested(), StandardCharsets.UTF_8)).isEqualTo("{\"email\":\"dev@acme.example\"}");
        assertThat(body.password()).isNull();
    }

    private static PasswordFreeBody read(String sent) throws IOException {
        return PasswordFreeBody.read(new ByteArrayInputStream(sent.getBytes(StandardCharsets.UTF_8)), "password", JSON);
    }
}
