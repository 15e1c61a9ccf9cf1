package ai.induo.common.store;

import java.io.FileNotFoundException;

/** No object exists under the requested key. */
public class ObjectNotFoundException extends FileNotFoundException {

    public ObjectNotFoundException(String key) {
        super("no object under key " + key);
    }
}
