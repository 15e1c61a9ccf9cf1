package ai.induo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in's edges, over plain HTTP as the Storage client speaks it; the object-store contract
 * runs against it through the real client in common's {@code GcsObjectStoreStandInTest}.
 */
class GcsStandInServerTest {

    private static final String BUCKET = "induo-test";
    private static final int CHUNK = 256 * 1024;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private GcsStandInServer server;

    @BeforeEach
    void start() throws IOException {
        server = GcsStandInServer.start(dir, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() {
        assertThat(server.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void listingIsPagedInNameOrderAndFollowsNextPageToken() throws Exception {
        for (String name : List.of("in/e", "in/a", "in/c", "in/b", "in/d", "out/a")) {
            upload(name, bytes(name));
        }

        List<String> names = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            JsonNode page = getJson("/storage/v1/b/" + BUCKET + "/o?prefix=in/&maxResults=2"
                    + token.map(t -> "&pageToken=" + t).orElse(""));
            page.path("items").forEach(item -> names.add(item.get("name").asText()));
            pageSizes.add(page.path("items").size());
            token = Optional.ofNullable(page.get("nextPageToken")).map(JsonNode::asText);
        } while (token.isPresent());

        assertThat(names).containsExactly("in/a", "in/b", "in/c", "in/d", "in/e");
        assertThat(pageSizes).containsExactly(2, 2, 1);
    }

    @Test
    void emptyBucketListsNoItems() throws Exception {
        JsonNode page = getJson("/storage/v1/b/never-written/o");

        assertThat(page.has("items")).isFalse();
        assertThat(page.has("nextPageToken")).isFalse();
    }

    @Test
    void missingObjectIsA404InGooglesErrorShape() throws Exception {
        HttpResponse<String> metadata = get("/storage/v1/b/" + BUCKET + "/o/" + encode("a/missing"));
        HttpResponse<String> media = get("/download/storage/v1/b/" + BUCKET + "/o/" + encode("a/missing")
                + "?alt=media");

        assertThat(metadata.statusCode()).isEqualTo(404);
        assertThat(media.statusCode()).isEqualTo(404);
        JsonNode error = json.readTree(metadata.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(404);
        assertThat(error.get("message").asText()).contains("induo-test/a/missing");
        assertThat(error.get("errors").get(0).get("reason").asText()).isEqualTo("notFound");
    }

    @Test
    void unfinishedUploadIsInvisibleUntilItsLastChunk() throws Exception {
        byte[] data = randomBytes(CHUNK + 5);
        URI session = startUpload("a/b");

        HttpResponse<String> first = putChunk(session, data, 0, CHUNK, "*");

        assertThat(first.statusCode()).isEqualTo(308);
        assertThat(first.headers().firstValue("Range")).contains("bytes=0-" + (CHUNK - 1));
        assertThat(get("/storage/v1/b/" + BUCKET + "/o/" + encode("a/b")).statusCode()).isEqualTo(404);
        assertThat(getJson("/storage/v1/b/" + BUCKET + "/o").has("items")).isFalse();

        HttpResponse<String> last = putChunk(session, data, CHUNK, data.length, Integer.toString(data.length));

        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(json.readTree(last.body()).get("size").asText()).isEqualTo(Integer.toString(data.length));
        assertThat(download("a/b")).isEqualTo(data);
    }

    @Test
    void resentChunkIsTakenOnce() throws Exception {
        byte[] data = randomBytes(2 * CHUNK + 3);
        URI session = startUpload("a/b");

        putChunk(session, data, 0, CHUNK, "*");
        HttpResponse<String> resent = putChunk(session, data, 0, CHUNK, "*");
        putChunk(session, data, CHUNK, data.length, Integer.toString(data.length));

        assertThat(resent.headers().firstValue("Range")).contains("bytes=0-" + (CHUNK - 1));
        assertThat(download("a/b")).isEqualTo(data);
    }

    @Test
    void chunkLeavingAGapIsRejected() throws Exception {
        byte[] data = randomBytes(2 * CHUNK);
        URI session = startUpload("a/b");

        HttpResponse<String> gap = putChunk(session, data, CHUNK, 2 * CHUNK, "*");

        assertThat(gap.statusCode()).isEqualTo(400);
        assertThat(json.readTree(gap.body()).get("error").get("message").asText()).contains("starts at " + CHUNK);
    }

    @Test
    void lastChunkWhoseChecksumDoesNotMatchFinishesNothing() throws Exception {
        byte[] data = bytes("content");
        URI session = startUpload("a/b");

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(session)
                .header("Content-Range", "bytes 0-" + (data.length - 1) + "/" + data.length)
                .header("x-goog-hash", "crc32c=" + crc32c(bytes("other")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(get("/storage/v1/b/" + BUCKET + "/o/" + encode("a/b")).statusCode()).isEqualTo(404);
    }

    @Test
    void downloadCarriesTheChecksumsTheMetadataStates() throws Exception {
        byte[] data = randomBytes(1000);
        upload("a/b", data);

        HttpResponse<byte[]> media = http.send(request("/download/storage/v1/b/" + BUCKET + "/o/" + encode("a/b")
                + "?alt=media").build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode metadata = getJson("/storage/v1/b/" + BUCKET + "/o/" + encode("a/b"));

        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        assertThat(media.body()).isEqualTo(data);
        assertThat(media.headers().firstValue("x-goog-hash")).contains("crc32c=" + crc32c(data) + ",md5=" + md5);
        assertThat(metadata.get("crc32c").asText()).isEqualTo(crc32c(data));
        assertThat(metadata.get("md5Hash").asText()).isEqualTo(md5);
        assertThat(media.headers().firstValue("x-goog-generation")).contains(metadata.get("generation").asText());
    }

    @Test
    void rangedDownloadAnswersThePartAskedFor() throws Exception {
        byte[] data = bytes("0123456789");
        upload("a/b", data);
        String path = "/storage/v1/b/" + BUCKET + "/o/" + encode("a/b") + "?alt=media";

        HttpResponse<String> part = http.send(request(path).header("Range", "bytes=3-5").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> rest = http.send(request(path).header("Range", "bytes=7-").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> beyond = http.send(request(path).header("Range", "bytes=10-").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("345");
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 3-5/10");
        assertThat(rest.body()).isEqualTo("789");
        assertThat(beyond.statusCode()).isEqualTo(416);
    }

    @Test
    void overwriteGivesAGreaterGenerationAndTheEarlierOneIsGone() throws Exception {
        long first = upload("a/b", bytes("first"));
        long second = upload("a/b", bytes("second"));

        assertThat(second).isGreaterThan(first);
        assertThat(get("/storage/v1/b/" + BUCKET + "/o/" + encode("a/b") + "?alt=media&generation=" + first)
                .statusCode()).isEqualTo(404);
        assertThat(get("/storage/v1/b/" + BUCKET + "/o/" + encode("a/b") + "?alt=media&generation=" + second)
                .body()).isEqualTo("second");
    }

    @Test
    void uploadWithAFailedGenerationPreconditionIsRefused() throws Exception {
        upload("a/b", bytes("first"));
        URI session = startUpload("a/b", "&ifGenerationMatch=0");

        HttpResponse<String> answer = putChunk(session, bytes("second"), 0, 6, "6");

        assertThat(answer.statusCode()).isEqualTo(412);
        assertThat(json.readTree(answer.body()).get("error").get("errors").get(0).get("reason").asText())
                .isEqualTo("conditionNotMet");
        assertThat(download("a/b")).isEqualTo(bytes("first"));
    }

    @Test
    void deleteRemovesTheObjectAndASecondDeleteIsA404() throws Exception {
        upload("a/b", bytes("x"));
        String path = "/storage/v1/b/" + BUCKET + "/o/" + encode("a/b");

        assertThat(delete(path).statusCode()).isEqualTo(204);
        assertThat(delete(path).statusCode()).isEqualTo(404);
        assertThat(get(path).statusCode()).isEqualTo(404);
    }

    @Test
    void objectsSurviveARestartButUploadSessionsDoNot() throws Exception {
        upload("a/b", bytes("kept"));
        byte[] unfinished = randomBytes(2 * CHUNK);
        URI session = startUpload("a/c");
        putChunk(session, unfinished, 0, CHUNK, "*");

        server.close();
        server = GcsStandInServer.start(dir, 0);
        URI sameSessionNow = URI.create(server.url() + session.getRawPath() + "?" + session.getRawQuery());

        assertThat(download("a/b")).isEqualTo(bytes("kept"));
        assertThat(putChunk(sameSessionNow, unfinished, CHUNK, 2 * CHUNK, "*").statusCode()).isEqualTo(404);
        assertThat(getJson("/storage/v1/b/" + BUCKET + "/o").get("items")).hasSize(1);
    }

    @Test
    void invalidBucketNameIsRejected() throws Exception {
        HttpResponse<String> answer = get("/storage/v1/b/..%2Fetc/o");

        assertThat(answer.statusCode()).isEqualTo(400);
    }

    /** Uploads {@code data} in one request and answers the new generation. */
    private long upload(String name, byte[] data) throws Exception {
        HttpResponse<String> answer =
                putChunk(startUpload(name), data, 0, data.length, Integer.toString(data.length));
        assertThat(answer.statusCode()).isEqualTo(200);
        return json.readTree(answer.body()).get("generation").asLong();
    }

    private URI startUpload(String name) throws Exception {
        return startUpload(name, "");
    }

    private URI startUpload(String name, String extraParameters) throws Exception {
        HttpResponse<String> answer = http.send(request("/upload/storage/v1/b/" + BUCKET
                + "/o?uploadType=resumable&name=" + encode(name) + extraParameters)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    /** Sends {@code data[from, to)} with {@code Content-Range: bytes from-(to-1)/total}. */
    private HttpResponse<String> putChunk(URI session, byte[] data, int from, int to, String total)
            throws Exception {
        return http.send(HttpRequest.newBuilder(session)
                .header("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + total)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data, from, to - from)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private byte[] download(String name) throws Exception {
        HttpResponse<byte[]> answer = http.send(request("/storage/v1/b/" + BUCKET + "/o/" + encode(name)
                + "?alt=media").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path));
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue())
                .array());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }
}
