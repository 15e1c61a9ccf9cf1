package ai.induo.common.store.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Corrects one way {@code LocalStorageHelper}'s fake differs from GCS: the fake registers an object's
 * metadata as soon as a resumable upload starts, so an upload that is never finished shows up in
 * {@code get} and {@code list}, while GCS creates the object only when the upload is finalized.
 * Here every upload goes to a name outside the store's prefix and is copied to its real name when
 * the channel is closed, which is when GCS would finalize it.
 */
final class UploadsInvisibleUntilFinished {

    private static final String UPLOADS = "_uploads/";

    private UploadsInvisibleUntilFinished() {
    }

    static Storage wrap(Storage fake) {
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    if (isWriter(method)) {
                        return uploadChannel(fake, (BlobInfo) args[0]);
                    }
                    try {
                        return method.invoke(fake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean isWriter(Method method) {
        return method.getName().equals("writer") && method.getParameterTypes()[0] == BlobInfo.class;
    }

    private static WriteChannel uploadChannel(Storage fake, BlobInfo target) {
        BlobId upload = BlobId.of(target.getBucket(), UPLOADS + UUID.randomUUID());
        WriteChannel channel = fake.writer(BlobInfo.newBuilder(upload).build());
        return (WriteChannel) Proxy.newProxyInstance(WriteChannel.class.getClassLoader(),
                new Class<?>[] {WriteChannel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write") && args[0] instanceof ByteBuffer) {
                        return channel.write((ByteBuffer) args[0]);
                    }
                    if (method.getName().equals("close")) {
                        finish(fake, channel, upload, target.getBlobId());
                        return null;
                    }
                    try {
                        return method.invoke(channel, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void finish(Storage fake, WriteChannel channel, BlobId upload, BlobId target) throws IOException {
        channel.close();
        fake.copy(Storage.CopyRequest.of(upload, target)).getResult();
        fake.delete(upload);
    }
}
