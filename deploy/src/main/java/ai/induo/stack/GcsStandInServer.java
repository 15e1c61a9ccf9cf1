package ai.induo.stack;

import ai.induo.stack.GcsStandInObjects.PreconditionFailedException;
import ai.induo.stack.GcsStandInObjects.StoredObject;
import ai.induo.stack.GcsStandInUpload.UploadRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the Google Cloud Storage JSON API on 127.0.0.1, so that separate processes of the
 * one-machine stack (the gateway, the worker, tests) share buckets through the real Storage client
 * ({@code StorageOptions.newBuilder().setHost(url()).setCredentials(NoCredentials.getInstance())}).
 *
 * <p>It serves what the object store uses, as GCS does: resumable uploads ({@code POST
 * /upload/storage/v1/b/{bucket}/o?uploadType=resumable} answers with a session URL in {@code Location};
 * each {@code PUT} of a chunk answers 308 with the persisted {@code Range} until the one that brings
 * the declared total, which answers 200 with the object; an {@code x-goog-hash} sent with it is
 * checked), bucket metadata ({@code GET /storage/v1/b/{bucket}}, with the location given at start),
 * object metadata ({@code GET .../o/{object}}), downloads ({@code alt=media}, with
 * {@code Range} and the object's {@code x-goog-hash}), listings ({@code prefix}, {@code maxResults} up
 * to 1000, {@code pageToken}/{@code nextPageToken}, {@code startOffset}), deletes, and a bucket's lifecycle rules ({@code PATCH} of {@code lifecycle}, kept in memory). {@code generation} pins a request to
 * one generation (another one is 404, as the object's earlier generations are gone, like in a bucket
 * without versioning) and {@code ifGenerationMatch} is honoured (412). Errors have GCS's JSON shape
 * ({@code {"error":{"code":404,"message":...,"errors":[{"reason":"notFound",...}]}}}).
 *
 * <p>Every bucket exists: a bucket with a valid name is empty until an object is written to it, and
 * its directory is created then. An unfinished upload is invisible; the upload that finishes last
 * decides an object's content, and each finished upload gets a generation greater than every earlier
 * one. Objects are files below the directory given at start (see {@link GcsStandInObjects}) and
 * survive a restart; upload sessions do not, and a session nobody used for {@link #UPLOAD_IDLE_LIMIT}
 * is discarded. There is no authentication (it listens on the loopback interface only), no
 * multipart or single-request upload, no listing by delimiter, and no object versioning.
 */
public final class GcsStandInServer implements AutoCloseable {

    /** How long an upload session may go without a request before it is discarded. */
    public static final Duration UPLOAD_IDLE_LIMIT = Duration.ofHours(1);
    /** The location buckets report unless another is given at start. */
    public static final String LOCAL = "LOCAL";
    /** The most objects one listing page holds, as in GCS. */
    static final int MAX_LIST_PAGE = 1000;

    private static final String HOST = "127.0.0.1";
    private static final int HANDLER_THREADS = 16;
    private static final Duration STOP_DELAY = Duration.ZERO;
    private static final String API = "/storage/v1/b/";
    private static final String UPLOAD_API = "/upload" + API;
    private static final String DOWNLOAD_API = "/download" + API;
    private static final String UPLOADS = "uploads";
    private static final String JSON = "application/json; charset=UTF-8";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final int HTTP_RESUME_INCOMPLETE = 308;
    /** What GCS answers when a client cancels an upload session. */
    private static final int HTTP_CLIENT_CLOSED_REQUEST = 499;
    private static final Pattern BYTE_RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    /** List parameters that would change the answer and that the stand-in does not serve. */
    private static final Set<String> UNSUPPORTED_LIST_PARAMETERS =
            Set.of("delimiter", "endOffset", "matchGlob", "includeFoldersAsPrefixes");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final GcsStandInObjects objects;
    private final Path uploadsDir;
    private final Map<String, GcsStandInUpload> uploads = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    /** Each bucket's lifecycle configuration as last patched (held in memory only). */
    private final Map<String, JsonNode> lifecycles = new ConcurrentHashMap<>();
    private final String url;
    private final String location;

    private GcsStandInServer(HttpServer server, ExecutorService handlers, GcsStandInObjects objects, Path uploadsDir,
            String location) {
        this.location = location;
        this.server = server;
        this.handlers = handlers;
        this.objects = objects;
        this.uploadsDir = uploadsDir;
        this.url = "http://" + HOST + ":" + server.getAddress().getPort();
    }

    /**
     * Starts serving the objects kept below {@code dir} (created when missing), every bucket in
     * location {@link #LOCAL}: the one-machine stack reports itself as local.
     *
     * @param port the TCP port on 127.0.0.1, {@code 0} for a free one (see {@link #url()})
     */
    public static GcsStandInServer start(Path dir, int port) throws IOException {
        return start(dir, port, LOCAL);
    }

    /**
     * Starts serving the objects kept below {@code dir} (created when missing), every bucket
     * reporting {@code location} (upper case, as GCS answers: {@code EU}, {@code EUROPE-WEST4}).
     *
     * @param port the TCP port on 127.0.0.1, {@code 0} for a free one (see {@link #url()})
     */
    public static GcsStandInServer start(Path dir, int port, String location) throws IOException {
        GcsStandInObjects objects = GcsStandInObjects.load(dir);
        Path uploadsDir = Files.createDirectories(dir.resolve(UPLOADS));
        try (DirectoryStream<Path> unfinished = Files.newDirectoryStream(uploadsDir)) {
            for (Path upload : unfinished) {
                Files.delete(upload);
            }
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, handlerThreads());
        GcsStandInServer standIn = new GcsStandInServer(http, handlers, objects, uploadsDir, location);
        http.createContext("/", standIn::handle);
        http.setExecutor(handlers);
        http.start();
        return standIn;
    }

    /** The base URL clients use as their host, such as {@code http://127.0.0.1:4443}. */
    public String url() {
        return url;
    }

    /** Stops serving; finished objects stay in the directory. */
    @Override
    public void close() {
        server.stop((int) STOP_DELAY.toSeconds());
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (ApiException e) {
                sendError(exchange, e.status, e.reason, e.getMessage());
            } catch (PreconditionFailedException e) {
                sendError(exchange, 412, "conditionNotMet", e.getMessage());
            } catch (UploadRejectedException e) {
                sendError(exchange, 400, "invalid", e.getMessage());
            } catch (IOException | RuntimeException e) {
                sendError(exchange, 500, "backendError", "the stand-in failed: " + e);
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, ApiException, PreconditionFailedException,
            UploadRejectedException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.startsWith(UPLOAD_API)) {
            ObjectPath target = ObjectPath.parse(path.substring(UPLOAD_API.length()));
            if (target.object.isPresent()) {
                throw notFound("no such upload URL");
            }
            switch (method) {
                case "POST" -> startUpload(exchange, target.bucket, query);
                case "PUT" -> receiveChunk(exchange, session(query));
                case "DELETE" -> cancelUpload(exchange, query);
                default -> throw methodNotAllowed(method);
            }
        } else if (path.startsWith(DOWNLOAD_API)) {
            ObjectPath target = ObjectPath.parse(path.substring(DOWNLOAD_API.length()));
            requireMethod(method, "GET");
            download(exchange, live(target.bucket, target.requireObject(), query));
        } else if (path.startsWith(API)) {
            ObjectPath target = ObjectPath.parse(path.substring(API.length()));
            if (target.object.isEmpty() && !target.objects) {
                if (method.equals("PATCH") || method.equals("POST")
                        && "PATCH".equals(exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override"))) {
                    patchBucket(target.bucket, readJsonBody(exchange));
                } else {
                    requireMethod(method, "GET");
                }
                sendJson(exchange, 200, bucketResource(target.bucket));
            } else if (target.object.isEmpty()) {
                requireMethod(method, "GET");
                list(exchange, target.bucket, query);
            } else if (method.equals("GET")) {
                StoredObject object = live(target.bucket, target.object.get(), query);
                if ("media".equals(query.get("alt"))) {
                    download(exchange, object);
                } else {
                    sendJson(exchange, 200, objectResource(object));
                }
            } else if (method.equals("DELETE")) {
                delete(exchange, target.bucket, target.object.get(), query);
            } else {
                throw methodNotAllowed(method);
            }
        } else {
            throw notFound("not a Cloud Storage JSON API path: " + path);
        }
    }

    private void startUpload(HttpExchange exchange, String bucket, Map<String, String> query)
            throws IOException, ApiException {
        if (!"resumable".equals(query.get("uploadType"))) {
            throw new ApiException(400, "invalid", "the stand-in serves only uploadType=resumable");
        }
        JsonNode metadata = readJsonBody(exchange);
        String name = Optional.ofNullable(query.get("name"))
                .or(() -> Optional.ofNullable(metadata.path("name").textValue()))
                .orElseThrow(() -> new ApiException(400, "required", "the upload names no object"));
        requireValidObjectName(name);
        String contentType = Optional.ofNullable(metadata.path("contentType").textValue())
                .or(() -> Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Upload-Content-Type")))
                .orElse(DEFAULT_CONTENT_TYPE);
        discardIdleUploads();
        String id = UUID.randomUUID().toString();
        uploads.put(id, new GcsStandInUpload(bucket, name, contentType, longParameter(query, "ifGenerationMatch"),
                Files.createFile(uploadsDir.resolve(id))));
        exchange.getResponseHeaders().set("Location",
                url + UPLOAD_API + bucket + "/o?uploadType=resumable&upload_id=" + id);
        send(exchange, 200, JSON, new byte[0]);
    }

    private GcsStandInUpload session(Map<String, String> query) throws ApiException {
        String id = query.get("upload_id");
        GcsStandInUpload upload = id == null ? null : uploads.get(id);
        if (upload == null) {
            throw notFound("no such upload session (sessions do not survive a restart of the stand-in)");
        }
        return upload;
    }

    private void receiveChunk(HttpExchange exchange, GcsStandInUpload upload)
            throws IOException, PreconditionFailedException, UploadRejectedException {
        GcsStandInUpload.Outcome outcome = upload.receive(
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Range")),
                exchange.getRequestBody(),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-goog-hash")), objects);
        if (outcome.object().isPresent()) {
            sendJson(exchange, 200, objectResource(outcome.object().get()));
            return;
        }
        if (outcome.persisted() > 0) {
            exchange.getResponseHeaders().set("Range", "bytes=0-" + (outcome.persisted() - 1));
        }
        exchange.getResponseHeaders().set("x-goog-stored-content-length", Long.toString(outcome.persisted()));
        send(exchange, HTTP_RESUME_INCOMPLETE, JSON, new byte[0]);
    }

    private void cancelUpload(HttpExchange exchange, Map<String, String> query) throws IOException, ApiException {
        session(query);
        GcsStandInUpload upload = uploads.remove(query.get("upload_id"));
        if (upload != null) {
            upload.discard();
        }
        send(exchange, HTTP_CLIENT_CLOSED_REQUEST, JSON, new byte[0]);
    }

    private void discardIdleUploads() throws IOException {
        long idleSince = System.nanoTime() - UPLOAD_IDLE_LIMIT.toNanos();
        for (Map.Entry<String, GcsStandInUpload> upload : uploads.entrySet()) {
            if (upload.getValue().idleSince(idleSince) && uploads.remove(upload.getKey(), upload.getValue())) {
                upload.getValue().discard();
            }
        }
    }

    private StoredObject live(String bucket, String name, Map<String, String> query)
            throws ApiException, PreconditionFailedException {
        requireValidObjectName(name);
        StoredObject object = objects.get(bucket, name).orElseThrow(() -> noSuchObject(bucket, name));
        OptionalLong generation = longParameter(query, "generation");
        if (generation.isPresent() && generation.getAsLong() != object.generation()) {
            throw noSuchObject(bucket, name + "#" + generation.getAsLong());
        }
        GcsStandInObjects.checkGeneration(object, longParameter(query, "ifGenerationMatch"));
        return object;
    }

    private void download(HttpExchange exchange, StoredObject object) throws IOException, ApiException {
        long from = 0;
        long to = object.size() - 1;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher bounds = BYTE_RANGE.matcher(range);
            if (!bounds.matches()) {
                throw new ApiException(400, "invalid", "unsupported Range: " + range);
            }
            from = Long.parseLong(bounds.group(1));
            if (!bounds.group(2).isEmpty()) {
                to = Math.min(to, Long.parseLong(bounds.group(2)));
            }
            if (from > to) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + object.size());
                throw new ApiException(416, "requestedRangeNotSatisfiable",
                        "the range starts at or after the object's " + object.size() + " bytes");
            }
        }
        FileChannel data;
        try {
            data = FileChannel.open(objects.dataFile(object));
        } catch (NoSuchFileException replaced) {
            throw noSuchObject(object.bucket(), object.name() + "#" + object.generation());
        }
        try (data; InputStream in = Channels.newInputStream(data.position(from))) {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", object.contentType());
            headers.set("ETag", etag(object));
            headers.set("x-goog-generation", Long.toString(object.generation()));
            headers.set("x-goog-metageneration", "1");
            headers.set("x-goog-stored-content-length", Long.toString(object.size()));
            headers.set("x-goog-stored-content-encoding", "identity");
            headers.set("x-goog-storage-class", "STANDARD");
            headers.set("x-goog-hash", "crc32c=" + crc32c(object) + ",md5=" + md5(object));
            long length = to - from + 1;
            if (range != null) {
                headers.set("Content-Range", "bytes " + from + "-" + to + "/" + object.size());
            }
            exchange.sendResponseHeaders(range == null ? 200 : 206, length == 0 ? -1 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                copy(in, out, length);
            }
        }
    }

    private void list(HttpExchange exchange, String bucket, Map<String, String> query)
            throws IOException, ApiException {
        for (String unsupported : UNSUPPORTED_LIST_PARAMETERS) {
            if (query.containsKey(unsupported)) {
                throw new ApiException(400, "invalid", "the stand-in does not serve listings with " + unsupported);
            }
        }
        if ("true".equals(query.get("versions"))) {
            throw new ApiException(400, "invalid", "the stand-in keeps no earlier generations to list");
        }
        int pageSize = (int) Math.min(MAX_LIST_PAGE, longParameter(query, "maxResults").orElse(MAX_LIST_PAGE));
        if (pageSize < 1) {
            throw new ApiException(400, "invalid", "maxResults must be positive");
        }
        Optional<String> startAfter = Optional.ofNullable(query.get("pageToken")).map(GcsStandInServer::fromToken);
        List<StoredObject> found = objects.list(bucket, query.getOrDefault("prefix", ""),
                Optional.ofNullable(query.get("startOffset")), startAfter, pageSize + 1);
        ObjectNode page = json.createObjectNode().put("kind", "storage#objects");
        if (found.size() > pageSize) {
            page.put("nextPageToken", toToken(found.get(pageSize - 1).name()));
        }
        if (!found.isEmpty()) {
            ArrayNode items = page.putArray("items");
            found.stream().limit(pageSize).forEach(object -> items.add(objectResource(object)));
        }
        sendJson(exchange, 200, page);
    }

    private void delete(HttpExchange exchange, String bucket, String name, Map<String, String> query)
            throws IOException, ApiException, PreconditionFailedException {
        requireValidObjectName(name);
        if (!objects.delete(bucket, name, longParameter(query, "generation"),
                longParameter(query, "ifGenerationMatch"))) {
            throw noSuchObject(bucket, name);
        }
        exchange.sendResponseHeaders(204, -1);
    }

    /** A bucket patch: only its {@code lifecycle} is taken, the way {@code gcloud storage buckets update --lifecycle-file} sets it. */
    private void patchBucket(String bucket, JsonNode patch) throws ApiException {
        JsonNode lifecycle = patch.get("lifecycle");
        if (lifecycle == null) {
            throw new ApiException(400, "invalid", "the stand-in patches only a bucket's lifecycle");
        }
        lifecycles.put(bucket, lifecycle);
    }

    private ObjectNode bucketResource(String bucket) {
        ObjectNode resource = bucketFields(bucket);
        JsonNode lifecycle = lifecycles.get(bucket);
        if (lifecycle != null) {
            resource.set("lifecycle", lifecycle);
        }
        return resource;
    }

    private ObjectNode bucketFields(String bucket) {
        return json.createObjectNode()
                .put("kind", "storage#bucket")
                .put("id", bucket)
                .put("name", bucket)
                .put("selfLink", url + API + bucket)
                .put("location", location)
                .put("storageClass", "STANDARD")
                .put("metageneration", "1");
    }

    private ObjectNode objectResource(StoredObject object) {
        String created = Instant.ofEpochMilli(object.createdMillis()).toString();
        String encodedName = encodePathSegment(object.name());
        return json.createObjectNode()
                .put("kind", "storage#object")
                .put("id", object.bucket() + "/" + object.name() + "/" + object.generation())
                .put("selfLink", url + API + object.bucket() + "/o/" + encodedName)
                .put("mediaLink", url + DOWNLOAD_API + object.bucket() + "/o/" + encodedName + "?generation="
                        + object.generation() + "&alt=media")
                .put("name", object.name())
                .put("bucket", object.bucket())
                .put("generation", Long.toString(object.generation()))
                .put("metageneration", "1")
                .put("contentType", object.contentType())
                .put("storageClass", "STANDARD")
                .put("size", Long.toString(object.size()))
                .put("md5Hash", md5(object))
                .put("crc32c", crc32c(object))
                .put("etag", etag(object))
                .put("timeCreated", created)
                .put("updated", created)
                .put("timeStorageClassUpdated", created);
    }

    private JsonNode readJsonBody(HttpExchange exchange) throws IOException, ApiException {
        try (InputStream body = requestBody(exchange)) {
            byte[] bytes = body.readAllBytes();
            if (bytes.length == 0) {
                return json.createObjectNode();
            }
            try {
                return json.readTree(bytes);
            } catch (IOException e) {
                throw new ApiException(400, "parseError", "the request body is not JSON");
            }
        }
    }

    private static InputStream requestBody(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(body) : body;
    }

    private void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, JSON, json.writeValueAsBytes(body));
    }

    /** Answers an error, after reading what is left of the request so that the client gets to see it. */
    private void sendError(HttpExchange exchange, int status, String reason, String message) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", status).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", reason);
        sendJson(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the object's data file ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void requireValidObjectName(String name) throws ApiException {
        if (!GcsStandInObjects.isValidObjectName(name)) {
            throw new ApiException(400, "invalid", "invalid object name");
        }
    }

    private static void requireMethod(String method, String expected) throws ApiException {
        if (!method.equals(expected)) {
            throw methodNotAllowed(method);
        }
    }

    private static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "methodNotAllowed", "method " + method + " is not served here");
    }

    private static ApiException notFound(String message) {
        return new ApiException(404, "notFound", message);
    }

    private static ApiException noSuchObject(String bucket, String name) {
        return notFound("No such object: " + bucket + "/" + name);
    }

    private static OptionalLong longParameter(Map<String, String> query, String name) throws ApiException {
        String value = query.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid", name + " must be a number, got " + value);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            parameters.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    nameAndValue.length == 2 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    /** Decodes a percent-encoded path segment, where (unlike in a query) {@code +} is itself. */
    private static String decodePathSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encodePathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String toToken(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String fromToken(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }

    private static String crc32c(StoredObject object) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Integer.BYTES).putInt(object.crc32c()).array());
    }

    private static String md5(StoredObject object) {
        return Base64.getEncoder().encodeToString(object.md5());
    }

    private static String etag(StoredObject object) {
        return "\"" + Base64.getEncoder().withoutPadding().encodeToString(
                ByteBuffer.allocate(Long.BYTES).putLong(object.generation()).array()) + "\"";
    }

    private static ThreadFactory handlerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "gcs-stand-in-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The part of a path after {@code /storage/v1/b/}: a bucket, then {@code /o} for its objects, then
     * {@code /{object}} (percent-encoded) for one object.
     */
    private record ObjectPath(String bucket, boolean objects, Optional<String> object) {

        static ObjectPath parse(String rest) throws ApiException {
            int slash = rest.indexOf('/');
            String bucket = decodePathSegment(slash < 0 ? rest : rest.substring(0, slash));
            if (!GcsStandInObjects.isValidBucketName(bucket)) {
                throw new ApiException(400, "invalid", "invalid bucket name");
            }
            if (slash < 0) {
                return new ObjectPath(bucket, false, Optional.empty());
            }
            String tail = rest.substring(slash);
            if (tail.equals("/o")) {
                return new ObjectPath(bucket, true, Optional.empty());
            }
            if (tail.startsWith("/o/") && tail.length() > "/o/".length()) {
                return new ObjectPath(bucket, true, Optional.of(decodePathSegment(tail.substring("/o/".length()))));
            }
            throw notFound("not a Cloud Storage JSON API path: " + rest);
        }

        String requireObject() throws ApiException {
            return object.orElseThrow(() -> notFound("the path names no object"));
        }
    }

    /** An answer other than success, with GCS's HTTP status and error reason. */
    private static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;
        final String reason;

        ApiException(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }
}
