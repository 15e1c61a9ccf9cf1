package ai.induo.common.store.gcs;

import ai.induo.common.store.CloseShieldOutputStream;
import ai.induo.common.store.ObjectKeys;
import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.common.store.ObjectStore;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ObjectStore} on a Google Cloud Storage bucket: one object per key, named by the key below an
 * optional prefix (which always ends with {@code /}).
 *
 * <p>A put streams the writer's bytes into a resumable upload in chunks of {@link #UPLOAD_CHUNK_BYTES};
 * GCS makes the object visible only when the upload is finalized, which happens after the writer
 * returns. A writer that throws leaves the upload unfinished, so nothing is stored and an earlier
 * object under the key stays as it was. An open reads the generation that existed when it was opened,
 * streamed in chunks of {@link #DOWNLOAD_CHUNK_BYTES}. Keys follow {@link ObjectKeys}.
 */
public final class GcsObjectStore implements ObjectStore, AutoCloseable {

    /** Bytes sent per upload request; a multiple of 256 KiB as GCS requires. */
    static final int UPLOAD_CHUNK_BYTES = 2 * 1024 * 1024;
    /** Bytes fetched per download request. */
    static final int DOWNLOAD_CHUNK_BYTES = 2 * 1024 * 1024;
    /** Objects asked for per list request. */
    static final long LIST_PAGE_SIZE = 1000;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final Storage storage;
    private final String bucket;
    private final String namePrefix;

    /**
     * @param storage the client; the store owns it and closes it in {@link #close()}
     * @param bucket the bucket's name
     * @param prefix prepended to every key, {@code ""} for none; a missing trailing {@code /} is added
     */
    public GcsObjectStore(Storage storage, String bucket, String prefix) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is blank");
        }
        this.namePrefix = normalizePrefix(Objects.requireNonNull(prefix, "prefix"));
    }

    @Override
    public void put(String key, ObjectWriter writer) throws IOException {
        Objects.requireNonNull(writer, "writer");
        BlobInfo info = BlobInfo.newBuilder(blobId(key)).build();
        try {
            WriteChannel channel = storage.writer(info);
            channel.setChunkSize(UPLOAD_CHUNK_BYTES);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES);
            writer.writeTo(new CloseShieldOutputStream(out));
            out.close();
        } catch (StorageException e) {
            throw new IOException("could not store object " + key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        BlobId id = blobId(key);
        Blob blob = call(key, () -> storage.get(id));
        if (blob == null) {
            throw new ObjectNotFoundException(key);
        }
        ReadChannel channel = storage.reader(BlobId.of(bucket, id.getName(), blob.getGeneration()));
        channel.setChunkSize(DOWNLOAD_CHUNK_BYTES);
        return Channels.newInputStream(channel);
    }

    @Override
    public void delete(String key) throws IOException {
        BlobId id = blobId(key);
        call(key, () -> storage.delete(id));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        List<String> keys = new ArrayList<>();
        call(prefix, () -> {
            for (Blob blob : storage.list(bucket,
                    Storage.BlobListOption.prefix(namePrefix + prefix),
                    Storage.BlobListOption.pageSize(LIST_PAGE_SIZE)).iterateAll()) {
                keys.add(blob.getName().substring(namePrefix.length()));
            }
            return keys;
        });
        keys.sort(null);
        return keys;
    }

    /**
     * Asks GCS for the names from just after {@code startAfter} ({@code startOffset} is inclusive, and
     * the smallest name above a key is the key followed by NUL, which no key holds) and reads only as
     * many as the page takes.
     */
    @Override
    public List<String> list(String prefix, String startAfter, int limit) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        List<String> keys = new ArrayList<>();
        call(prefix, () -> {
            List<Storage.BlobListOption> options = new ArrayList<>(List.of(Storage.BlobListOption.prefix(namePrefix + prefix),
                    Storage.BlobListOption.pageSize(Math.min(limit, LIST_PAGE_SIZE))));
            if (startAfter != null) {
                options.add(Storage.BlobListOption.startOffset(namePrefix + startAfter + '\0'));
            }
            for (Blob blob : storage.list(bucket, options.toArray(Storage.BlobListOption[]::new)).iterateAll()) {
                String key = blob.getName().substring(namePrefix.length());
                if (startAfter == null || key.compareTo(startAfter) > 0) {
                    keys.add(key);
                }
                if (keys.size() == limit) {
                    break;
                }
            }
            return keys;
        });
        keys.sort(null);
        return keys;
    }

    /**
     * The ages of the bucket's lifecycle rules that delete objects by age (a {@code Delete} action with
     * an {@code age} condition, in days); needs {@code storage.buckets.get} on the bucket.
     */
    public List<Duration> lifecycleDeleteAges() throws IOException {
        Bucket found = call(bucket, () -> storage.get(bucket, Storage.BucketGetOption.fields(Storage.BucketField.LIFECYCLE)));
        if (found == null) {
            throw new IOException("no bucket " + bucket);
        }
        List<Duration> ages = new ArrayList<>();
        for (BucketInfo.LifecycleRule rule : Optional.ofNullable(found.getLifecycleRules()).orElse(List.of())) {
            Integer age = rule.getCondition().getAge();
            if (rule.getAction() instanceof BucketInfo.LifecycleRule.DeleteLifecycleAction && age != null) {
                ages.add(Duration.ofDays(age));
            }
        }
        return ages;
    }

    /**
     * The bucket's location as Cloud Storage reports it ({@code storage.buckets.get}), in lower case.
     *
     * @throws IOException when the bucket does not exist, cannot be read with this client's
     *     credentials, or Cloud Storage cannot be reached
     */
    @Override
    public String location() throws IOException {
        Bucket found;
        try {
            found = storage.get(bucket, Storage.BucketGetOption.fields(Storage.BucketField.LOCATION));
        } catch (StorageException e) {
            throw new IOException("cannot read bucket " + bucket + " (storage.buckets.get): " + e.getMessage(), e);
        }
        if (found == null || found.getLocation() == null) {
            throw new IOException("bucket " + bucket + " does not exist, or reports no location");
        }
        return found.getLocation().toLowerCase(Locale.ROOT);
    }

    /** Closes the Storage client. */
    @Override
    public void close() throws Exception {
        storage.close();
    }

    @Override
    public String toString() {
        return "GcsObjectStore[gs://" + bucket + "/" + namePrefix + "]";
    }

    private BlobId blobId(String key) {
        ObjectKeys.validateKey(key);
        return BlobId.of(bucket, namePrefix + key);
    }

    private static String normalizePrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        String withSeparator = prefix.endsWith(ObjectKeys.SEPARATOR) ? prefix : prefix + ObjectKeys.SEPARATOR;
        ObjectKeys.validateKey(withSeparator.substring(0, withSeparator.length() - 1));
        return withSeparator;
    }

    /** Runs a client call, turning its unchecked {@link StorageException} into an {@link IOException}. */
    private static <T> T call(String key, StorageCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (StorageException e) {
            throw new IOException("object store request failed for " + key, e);
        }
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run();
    }
}
