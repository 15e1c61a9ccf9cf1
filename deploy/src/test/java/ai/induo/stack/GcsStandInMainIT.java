package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forks the GCS stand-in from {@code stack-lib}, as {@code ./induo up --store gcs} does. */
class GcsStandInMainIT {

    private static final String OBJECT = "/storage/v1/b/induo-local/o/inputs%2Fjob_1%2Fuser";

    private final HttpClient http = HttpClient.newHttpClient();
    private Path dir;
    private int port;

    @BeforeEach
    void createDir() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "gcs-stand-in-it-");
        port = Ports.freePort();
    }

    @AfterEach
    void deleteDir() throws IOException {
        StackFiles.deleteRecursively(dir);
    }

    @Test
    void readyLineNamesTheUrlAndObjectsSurviveARestart() throws Exception {
        StringBuilder readyLine = new StringBuilder();
        Process first = start(readyLine);
        try {
            assertThat(readyLine).hasToString(GcsStandInMain.READY_MARKER + " http://127.0.0.1:" + port);
            upload("inputs/job_1/user", "kept");
        } finally {
            assertThat(StackMainProcesses.stop(first)).isTrue();
        }

        Process second = start(new StringBuilder());
        try {
            HttpResponse<String> media = http.send(HttpRequest.newBuilder(url(OBJECT + "?alt=media")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(media.body()).isEqualTo("kept");
        } finally {
            assertThat(StackMainProcesses.stop(second)).isTrue();
        }
    }

    private Process start(StringBuilder readyLine) throws IOException, InterruptedException {
        return StackMainProcesses.start(GcsStandInMain.class, GcsStandInMain.READY_MARKER, readyLine,
                "--dir", dir.toString(), "--port", Integer.toString(port));
    }

    private void upload(String name, String content) throws IOException, InterruptedException {
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(
                url("/upload/storage/v1/b/induo-local/o?uploadType=resumable&name=" + name))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        URI location = URI.create(session.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> finished = http.send(HttpRequest.newBuilder(location)
                .header("Content-Range", "bytes 0-" + (content.length() - 1) + "/" + content.length())
                .PUT(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(finished.statusCode()).isEqualTo(200);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
