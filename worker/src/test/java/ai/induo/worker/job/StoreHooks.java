package ai.induo.worker.job;

import ai.induo.common.store.ObjectStore;
import ai.induo.common.store.local.LocalObjectStore;
import ai.induo.platform.config.StoreConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces the application's object store with the same local store, wrapped so that a test can
 * run an action just before a given key is written: to change a job while its worker runs it.
 */
@Singleton
public class StoreHooks {

    private final Map<String, Runnable> beforePut = new ConcurrentHashMap<>();

    /** Runs {@code action} once, just before {@code key} is next written. */
    public void beforePut(String key, Runnable action) {
        beforePut.put(key, action);
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    ObjectStore hookedObjectStore(StoreConfig config) throws IOException {
        Files.createDirectories(config.localRoot());
        return new HookedObjectStore(new LocalObjectStore(config.localRoot()));
    }

    private final class HookedObjectStore implements ObjectStore {

        private final ObjectStore delegate;

        HookedObjectStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void put(String key, ObjectWriter writer) throws IOException {
            Runnable action = beforePut.remove(key);
            if (action != null) {
                action.run();
            }
            delegate.put(key, writer);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return delegate.open(key);
        }

        @Override
        public String location() throws IOException {
            return delegate.location();
        }

        @Override
        public void delete(String key) throws IOException {
            delegate.delete(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }

        @Override
        public List<String> list(String prefix, String startAfter, int limit) throws IOException {
            return delegate.list(prefix, startAfter, limit);
        }
    }
}
