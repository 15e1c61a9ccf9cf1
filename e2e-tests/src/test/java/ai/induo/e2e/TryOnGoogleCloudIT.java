package ai.induo.e2e;

import ai.induo.stack.GcsStandInServer;
import ai.induo.stack.PubSubEmulatorProcess;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link TryOnScenario} with {@code induo.queue.backend=pubsub} and {@code induo.store.backend=gcs}:
 * Google's Pub/Sub emulator and the GCS stand-in, each a process-independent server the gateway
 * and the worker reach over the network as they would Google Cloud.
 */
class TryOnGoogleCloudIT extends TryOnScenario {

    private static final String PROJECT = "induo-e2e";
    private static final String BUCKET = "induo-e2e-objects";
    /** The bucket's location as Cloud Storage reports it, and as the job shows it. */
    private static final String LOCATION = "EUROPE-WEST4";
    private static final String REGION = "europe-west4";

    private GcsStandInServer gcs;

    @Override
    protected Map<String, String> startBackends(String mongoUri, Consumer<AutoCloseable> stopLater) throws Exception {
        PubSubEmulatorProcess pubsub = PubSubEmulatorProcess.start();
        stopLater.accept(pubsub);
        gcs = GcsStandInServer.start(work.resolve("gcs"), 0, LOCATION);
        stopLater.accept(gcs);
        return ServiceEnvironment.onGoogleCloud(work, mongoUri, pubsub.hostPort(), PROJECT, gcs.url(), BUCKET);
    }

    /** Every object in the bucket, read through the Storage client as any reader of the bucket would. */
    @Override
    protected List<byte[]> storedObjects() throws Exception {
        try (Storage storage = StorageOptions.newBuilder().setHost(gcs.url()).setProjectId(PROJECT)
                .setCredentials(NoCredentials.getInstance()).build().getService()) {
            List<byte[]> objects = new ArrayList<>();
            for (Blob blob : storage.list(BUCKET).iterateAll()) {
                objects.add(blob.getContent());
            }
            return objects;
        }
    }

    @Override
    protected String region() {
        return REGION;
    }
}
