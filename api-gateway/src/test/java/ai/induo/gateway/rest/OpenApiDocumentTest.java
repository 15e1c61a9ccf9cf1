package ai.induo.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the gateway serves is the one committed as {@code docs/openapi.yaml}, so a
 * change to the API shows up in review as a change to that file.
 */
@QuarkusTest
class OpenApiDocumentTest {

    /** The committed copy, seen from the module directory that surefire runs in. */
    static final Path COMMITTED = Path.of("..", "docs", "openapi.yaml");
    /** Where the served document is written when it differs from the committed copy. */
    static final Path SERVED = Path.of("target", "openapi.yaml");

    @Test
    void servedDocumentIsTheCommittedOne() throws IOException {
        String served = given().get("/q/openapi").then().statusCode(200).extract().asString();

        String committed = Files.exists(COMMITTED) ? normalized(Files.readString(COMMITTED, StandardCharsets.UTF_8)) : "";
        boolean same = normalized(served).equals(committed);
        if (!same) {
            Files.writeString(SERVED, normalized(served), StandardCharsets.UTF_8);
        }
        assertThat(same)
                .as("The gateway serves an OpenAPI document that differs from docs/openapi.yaml (first difference at "
                        + "line %d). The served one was written to api-gateway/target/openapi.yaml; if the change is "
                        + "intended, update the committed copy from the repository root with:%n"
                        + "    cp api-gateway/target/openapi.yaml docs/openapi.yaml",
                        firstDifferentLine(normalized(served), committed))
                .isTrue();
    }

    @Test
    void documentIsAlsoServedAsJsonWithoutAuthentication() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .contentType("application/json");
    }

    /** The 1-based number of the first line where the two texts differ. */
    private static int firstDifferentLine(String served, String committed) {
        List<String> servedLines = served.lines().toList();
        List<String> committedLines = committed.lines().toList();
        int line = 0;
        while (line < servedLines.size() && line < committedLines.size()
                && servedLines.get(line).equals(committedLines.get(line))) {
            line++;
        }
        return line + 1;
    }

    private static String normalized(String text) {
        String lf = text.replace("\r\n", "\n").replace('\r', '\n');
        return lf.endsWith("\n") ? lf : lf + "\n";
    }
}
