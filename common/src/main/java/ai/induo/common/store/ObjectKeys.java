package ai.induo.common.store;

import java.util.Objects;

/**
 * The rules every {@link ObjectStore} adapter applies to keys and list prefixes: slash-separated,
 * relative, no empty, {@code .}-leading or {@code ..} segments, no backslash or NUL. Keys made of ids
 * always pass; anything else is rejected with {@link IllegalArgumentException}.
 */
public final class ObjectKeys {

    /** Separates the segments of a key. */
    public static final String SEPARATOR = "/";

    private ObjectKeys() {
    }

    /** Checks a key an object is stored under. */
    public static void validateKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        validatePrefix(key);
        for (String segment : key.split(SEPARATOR, -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("object key has an empty segment: " + key);
            }
            if (segment.startsWith(".")) {
                throw new IllegalArgumentException("object key segment starts with '.': " + key);
            }
        }
    }

    /** Checks a prefix keys are listed by; the empty prefix lists every key. */
    public static void validatePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.startsWith(SEPARATOR)) {
            throw new IllegalArgumentException("object key is absolute: " + prefix);
        }
        if (prefix.contains("..")) {
            throw new IllegalArgumentException("object key contains '..': " + prefix);
        }
        if (prefix.indexOf('\\') >= 0 || prefix.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("object key contains a forbidden character: " + prefix);
        }
        if (prefix.contains(SEPARATOR + SEPARATOR)) {
            throw new IllegalArgumentException("object key has an empty segment: " + prefix);
        }
    }
}
