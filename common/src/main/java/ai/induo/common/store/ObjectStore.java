package ai.induo.common.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Port for object storage (local directory, GCS). Keys are slash-separated paths made of ids only,
 * never customer data. Implementations stream: no method holds a whole object in memory.
 */
public interface ObjectStore {

    /**
     * Writes an object. The object becomes visible only if {@code writer} returns normally; if it
     * throws, nothing is stored and an earlier object under the same key is left as it was.
     */
    void put(String key, ObjectWriter writer) throws IOException;

    /**
     * Opens an object for reading.
     *
     * @throws ObjectNotFoundException when there is no object under {@code key}
     */
    InputStream open(String key) throws IOException;

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Keys that start with {@code prefix}, in lexicographic order. */
    List<String> list(String prefix) throws IOException;

    /**
     * One page of the keys that start with {@code prefix}: at most {@code limit} of them, the first
     * after {@code startAfter} (null for the first page) in lexicographic order. A listing of any size
     * is walked page by page with the last key of each page as the next {@code startAfter}, holding one
     * page at a time.
     */
    List<String> list(String prefix, String startAfter, int limit) throws IOException;

    /**
     * Where the objects are kept, in lower case: the bucket's Cloud Storage location (a region such
     * as {@code europe-west4} or a multi-region such as {@code eu}), or
     * {@link ai.induo.common.residency.AllowedLocations#LOCAL} for a directory on this machine.
     * Asks the backend each time; read it once and keep it.
     */
    String location() throws IOException;

    /** Writes an object's bytes. It may close the stream; the store finishes the object once it returns. */
    @FunctionalInterface
    interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
