package ai.induo.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The finished objects of {@link GcsStandInServer}, kept as files below one directory.
 *
 * <p>Each bucket is a directory {@code buckets/<bucket>/}; an object there is a metadata file
 * {@code <sha256 of its name>.json} and a data file {@code <sha256 of its name>.<generation>.data}.
 * Finishing an upload moves its data file in and then atomically replaces the metadata file, which is
 * the moment the new generation becomes the object; the earlier generation's data file is deleted
 * afterwards. Only the live generation of an object is kept, as in a bucket without versioning.
 * Lookups use an in-memory index loaded from the metadata files at start.
 */
final class GcsStandInObjects {

    private static final String BUCKETS = "buckets";
    private static final String METADATA_SUFFIX = ".json";
    private static final String DATA_SUFFIX = ".data";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    /** GCS bucket names: 3 to 63 lower-case letters, digits, dots, dashes and underscores. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");
    private static final int MAX_OBJECT_NAME_BYTES = 1024;

    /** The order GCS lists names in: by their UTF-8 bytes, which is the order of their code points. */
    static final Comparator<String> NAME_ORDER = GcsStandInObjects::compareCodePoints;

    private final Path bucketsDir;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastGeneration = new AtomicLong();

    private GcsStandInObjects(Path bucketsDir) {
        this.bucketsDir = bucketsDir;
    }

    /** Loads the objects kept below {@code dir}, deleting data files that no metadata file names. */
    static GcsStandInObjects load(Path dir) throws IOException {
        GcsStandInObjects objects = new GcsStandInObjects(dir.resolve(BUCKETS));
        Files.createDirectories(objects.bucketsDir);
        try (DirectoryStream<Path> bucketDirs = Files.newDirectoryStream(objects.bucketsDir, Files::isDirectory)) {
            for (Path bucketDir : bucketDirs) {
                String name = bucketDir.getFileName().toString();
                if (BUCKET_NAME.matcher(name).matches()) {
                    objects.buckets.put(name, objects.loadBucket(bucketDir));
                }
            }
        }
        return objects;
    }

    /** Whether {@code name} is a valid GCS bucket name (which also makes it a safe directory name). */
    static boolean isValidBucketName(String name) {
        return BUCKET_NAME.matcher(name).matches();
    }

    /** Whether {@code name} is a valid GCS object name: 1 to 1024 bytes of UTF-8, no carriage return or line feed. */
    static boolean isValidObjectName(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        return bytes > 0 && bytes <= MAX_OBJECT_NAME_BYTES && name.indexOf('\r') < 0 && name.indexOf('\n') < 0;
    }

    /** The live generation of an object. */
    Optional<StoredObject> get(String bucket, String name) {
        Bucket existing = buckets.get(bucket);
        return existing == null ? Optional.empty() : Optional.ofNullable(existing.index.get(name));
    }

    /** The data file of an object's generation; it is gone once a later generation or a delete replaced it. */
    Path dataFile(StoredObject object) {
        return bucketDir(object.bucket()).resolve(dataFileName(object.name(), object.generation()));
    }

    /**
     * Up to {@code limit} objects whose names start with {@code prefix} and sort after {@code startAfter},
     * in {@link #NAME_ORDER}.
     */
    List<StoredObject> list(String bucket, String prefix, Optional<String> startOffset, Optional<String> startAfter,
            int limit) {
        Bucket existing = buckets.get(bucket);
        if (existing == null) {
            return List.of();
        }
        String first = startOffset.filter(offset -> NAME_ORDER.compare(offset, prefix) > 0).orElse(prefix);
        NavigableMap<String, StoredObject> from = startAfter.filter(after -> NAME_ORDER.compare(after, first) >= 0)
                .map(after -> existing.index.tailMap(after, false))
                .orElseGet(() -> existing.index.tailMap(first, true));
        List<StoredObject> page = new ArrayList<>();
        for (StoredObject object : from.values()) {
            if (!object.name().startsWith(prefix) || page.size() == limit) {
                break;
            }
            page.add(object);
        }
        return page;
    }

    /**
     * Makes {@code data} the object's new generation.
     *
     * @param ifGenerationMatch when present, the generation the object must have now ({@code 0}: it must not exist)
     * @throws PreconditionFailedException when {@code ifGenerationMatch} does not hold; {@code data} is then left
     */
    StoredObject finish(String bucket, String name, String contentType, Path data, ContentDigest digest,
            OptionalLong ifGenerationMatch) throws IOException, PreconditionFailedException {
        Bucket target = buckets.computeIfAbsent(bucket, this::createBucket);
        synchronized (target) {
            StoredObject earlier = target.index.get(name);
            checkGeneration(earlier, ifGenerationMatch);
            long generation = lastGeneration.updateAndGet(last -> Math.max(last + 1, nowInMicros()));
            StoredObject object = new StoredObject(bucket, name, generation, digest.size(), digest.crc32c(),
                    digest.md5(), contentType, System.currentTimeMillis());
            Path bucketDir = bucketDir(bucket);
            Files.move(data, bucketDir.resolve(dataFileName(name, generation)), StandardCopyOption.ATOMIC_MOVE);
            writeMetadata(bucketDir, object);
            target.index.put(name, object);
            if (earlier != null) {
                Files.deleteIfExists(dataFile(earlier));
            }
            return object;
        }
    }

    /**
     * Deletes the object's live generation.
     *
     * @param generation when present, the generation to delete; another live generation counts as not found
     * @return whether there was such an object
     */
    boolean delete(String bucket, String name, OptionalLong generation, OptionalLong ifGenerationMatch)
            throws IOException, PreconditionFailedException {
        Bucket existing = buckets.get(bucket);
        if (existing == null) {
            return false;
        }
        synchronized (existing) {
            StoredObject object = existing.index.get(name);
            if (object == null || generation.isPresent() && generation.getAsLong() != object.generation()) {
                return false;
            }
            checkGeneration(object, ifGenerationMatch);
            Files.delete(bucketDir(bucket).resolve(metadataFileName(name)));
            existing.index.remove(name);
            Files.deleteIfExists(dataFile(object));
            return true;
        }
    }

    /** Checks a precondition on the object's live generation ({@code null}: none). */
    static void checkGeneration(StoredObject live, OptionalLong ifGenerationMatch) throws PreconditionFailedException {
        if (ifGenerationMatch.isEmpty()) {
            return;
        }
        long liveGeneration = live == null ? 0 : live.generation();
        if (ifGenerationMatch.getAsLong() != liveGeneration) {
            throw new PreconditionFailedException("ifGenerationMatch " + ifGenerationMatch.getAsLong()
                    + " does not match the live generation " + liveGeneration);
        }
    }

    private Bucket createBucket(String name) {
        try {
            Files.createDirectories(bucketDir(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of bucket " + name, e);
        }
        return new Bucket();
    }

    private Bucket loadBucket(Path bucketDir) throws IOException {
        Bucket bucket = new Bucket();
        List<Path> dataFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bucketDir)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(METADATA_SUFFIX)) {
                    StoredObject object = json.readValue(file.toFile(), StoredObject.class);
                    bucket.index.put(object.name(), object);
                    lastGeneration.accumulateAndGet(object.generation(), Math::max);
                } else if (fileName.endsWith(DATA_SUFFIX)) {
                    dataFiles.add(file);
                } else if (fileName.endsWith(TEMPORARY_SUFFIX)) {
                    Files.delete(file);
                }
            }
        }
        List<String> live = bucket.index.values().stream()
                .map(object -> dataFileName(object.name(), object.generation())).toList();
        for (Path dataFile : dataFiles) {
            if (!live.contains(dataFile.getFileName().toString())) {
                Files.delete(dataFile);
            }
        }
        return bucket;
    }

    private void writeMetadata(Path bucketDir, StoredObject object) throws IOException {
        Path temporary = Files.createTempFile(bucketDir, "metadata-", TEMPORARY_SUFFIX);
        json.writeValue(temporary.toFile(), object);
        Files.move(temporary, bucketDir.resolve(metadataFileName(object.name())), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private Path bucketDir(String bucket) {
        return bucketsDir.resolve(bucket);
    }

    private static String metadataFileName(String name) {
        return fileStem(name) + METADATA_SUFFIX;
    }

    private static String dataFileName(String name, long generation) {
        return fileStem(name) + "." + generation + DATA_SUFFIX;
    }

    /** A file name for any object name: the hex SHA-256 of its UTF-8 bytes. */
    private static String fileStem(String name) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int codePointA = a.codePointAt(i);
            int codePointB = b.codePointAt(j);
            if (codePointA != codePointB) {
                return Integer.compare(codePointA, codePointB);
            }
            i += Character.charCount(codePointA);
            j += Character.charCount(codePointB);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static long nowInMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
    }

    /** One bucket's live objects by name; changes hold the bucket's monitor. */
    private static final class Bucket {
        final ConcurrentSkipListMap<String, StoredObject> index = new ConcurrentSkipListMap<>(NAME_ORDER);
    }

    /** The size and checksums of an object's bytes. */
    record ContentDigest(long size, int crc32c, byte[] md5) {
    }

    /**
     * One generation of an object, as kept in its metadata file.
     *
     * @param crc32c the CRC32C (Castagnoli) of the bytes
     * @param md5 the MD5 digest of the bytes
     * @param createdMillis when the generation was finished, in milliseconds since the epoch
     */
    record StoredObject(String bucket, String name, long generation, long size, int crc32c, byte[] md5,
            String contentType, long createdMillis) {
    }

    /** A generation precondition did not hold (HTTP 412). */
    static final class PreconditionFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        PreconditionFailedException(String message) {
            super(message);
        }
    }
}
