package ai.induo.common.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.store.ObjectNotFoundException;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter through the Storage client's real HTTP transport (the one {@code LocalStorageHelper}
 * replaces), against a scripted JSON API: it checks that the client works with the dependency
 * versions this build resolves (the Quarkus BOM, imported first, sets google-http-client, gRPC and
 * OpenTelemetry), that a put sends chunks while the writer is still writing and finalizes the upload
 * only after it returns, and what the fake cannot show (it never returns a second list page).
 */
class GcsObjectStoreHttpTest {

    private static final String BUCKET = "induo-test";
    private static final String OBJECTS = "/storage/v1/b/" + BUCKET + "/o";
    private static final String NOT_FOUND = "{\"error\":{\"code\":404,\"message\":\"No such object\"}}";
    private static final String UPLOAD_SESSION = "/upload-session/1";

    private final MockWebServer server = new MockWebServer();
    private final ByteArrayOutputStream receiving = new ByteArrayOutputStream();
    private final AtomicReference<byte[]> uploaded = new AtomicReference<>();
    private GcsObjectStore store;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start();
        Storage storage = StorageOptions.newBuilder()
                .setHost(server.url("/").toString())
                .setProjectId("induo-test-project")
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
        store = new GcsObjectStore(storage, BUCKET, "tenant-a");
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.shutdown();
    }

    @Test
    void listingFollowsEveryPage() throws IOException {
        assertThat(store.list("inputs/")).containsExactly("inputs/job_1/user", "inputs/job_2/user");

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void openingAMissingObjectThrowsObjectNotFound() {
        assertThatThrownBy(() -> store.open("inputs/missing/user"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("inputs/missing/user");
    }

    @Test
    void deletingAMissingObjectIsNotAnError() throws IOException {
        store.delete("inputs/missing/user");

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void objectIsUploadedAndReadBackThroughTheJsonApi() throws IOException {
        byte[] data = new byte[GcsObjectStore.UPLOAD_CHUNK_BYTES + 17];
        new Random(7).nextBytes(data);

        store.put("outputs/job_1/result", out -> out.write(data));

        assertThat(uploaded.get()).isEqualTo(data);
        try (InputStream in = store.open("outputs/job_1/result")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void bytesAreSentWhileTheWriterRunsAndAFailedWriterNeverFinishesTheUpload() {
        assertThatThrownBy(() -> store.put("outputs/job_1/result", out -> {
            out.write(new byte[GcsObjectStore.UPLOAD_CHUNK_BYTES + 100_000]);
            throw new IOException("writer failed");
        })).hasMessage("writer failed");

        assertThat(receiving.size()).isEqualTo(GcsObjectStore.UPLOAD_CHUNK_BYTES);
        assertThat(uploaded.get()).isNull();
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        if (request.getMethod().equals("POST") && path.equals("/upload" + OBJECTS)) {
            return new MockResponse().setHeader("Location", server.url(UPLOAD_SESSION).toString());
        }
        if (request.getMethod().equals("PUT") && path.equals(UPLOAD_SESSION)) {
            return receiveChunk(request);
        }
        if (path.equals(OBJECTS + "/tenant-a%2Foutputs%2Fjob_1%2Fresult") || path.equals(
                "/download" + OBJECTS + "/tenant-a%2Foutputs%2Fjob_1%2Fresult")) {
            if (!"media".equals(request.getRequestUrl().queryParameter("alt"))) {
                return json(object("tenant-a/outputs/job_1/result", uploaded.get().length));
            }
            return download(request);
        }
        if (request.getMethod().equals("GET") && path.equals(OBJECTS)) {
            String pageToken = request.getRequestUrl().queryParameter("pageToken");
            return pageToken == null
                    ? json("{\"nextPageToken\":\"page-2\",\"items\":[" + object("tenant-a/inputs/job_2/user", 1) + "]}")
                    : json("{\"items\":[" + object("tenant-a/inputs/job_1/user", 1) + "]}");
        }
        if (path.equals(OBJECTS + "/tenant-a%2Finputs%2Fmissing%2Fuser")) {
            return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                    .setBody(NOT_FOUND);
        }
        return new MockResponse().setResponseCode(500).setBody("unexpected " + request.getMethod() + " " + path);
    }

    /** Takes one chunk of the resumable upload; the last one ({@code bytes a-b/total}) finishes it. */
    private MockResponse receiveChunk(RecordedRequest request) {
        byte[] chunk = request.getBody().readByteArray();
        receiving.write(chunk, 0, chunk.length);
        String range = request.getHeader("Content-Range");
        if (range == null || range.endsWith("/*")) {
            return new MockResponse().setResponseCode(308)
                    .setHeader("Range", "bytes=0-" + (receiving.size() - 1));
        }
        uploaded.set(receiving.toByteArray());
        return json(object("tenant-a/outputs/job_1/result", receiving.size()));
    }

    private MockResponse download(RecordedRequest request) {
        byte[] data = uploaded.get();
        String range = request.getHeader("Range");
        int from = 0;
        int to = data.length - 1;
        if (range != null) {
            String[] bounds = range.substring("bytes=".length()).split("-", -1);
            from = Integer.parseInt(bounds[0]);
            if (!bounds[1].isEmpty()) {
                to = Math.min(to, Integer.parseInt(bounds[1]));
            }
        }
        if (from > to) {
            return new MockResponse().setResponseCode(416);
        }
        okio.Buffer body = new okio.Buffer().write(data, from, to - from + 1);
        return new MockResponse().setResponseCode(range == null ? 200 : 206).setBody(body)
                .setHeader("x-goog-generation", "1");
    }

    private static String object(String name, int size) {
        return "{\"bucket\":\"" + BUCKET + "\",\"name\":\"" + name + "\",\"generation\":\"1\",\"size\":\"" + size
                + "\"}";
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }
}
