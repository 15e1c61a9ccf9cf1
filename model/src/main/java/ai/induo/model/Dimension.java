package ai.induo.model;

import java.util.Objects;

/**
 * One dimension of a tensor shape: either a fixed size or a named, dynamic size (an ONNX
 * {@code dim_param}).
 *
 * @param size the fixed size, or {@link #DYNAMIC} when the dimension is named
 * @param name the symbolic name of a dynamic dimension, or {@code null} when the size is fixed
 */
public record Dimension(long size, String name) {

    /** The size reported for a dynamic dimension, as ONNX Runtime reports it. */
    public static final long DYNAMIC = -1;

    public Dimension {
        if (name == null && size < 1) {
            throw new IllegalArgumentException("A fixed dimension must be at least 1, got " + size);
        }
        if (name != null && (size != DYNAMIC || name.isBlank())) {
            throw new IllegalArgumentException("A dynamic dimension needs a name and no fixed size");
        }
    }

    /** A dimension of fixed size. */
    public static Dimension fixed(long size) {
        return new Dimension(size, null);
    }

    /** A dynamic dimension: any size, decided by the caller at run time. */
    public static Dimension dynamic(String name) {
        return new Dimension(DYNAMIC, Objects.requireNonNull(name, "name"));
    }

    /** Whether this dimension has a fixed size. */
    public boolean isFixed() {
        return name == null;
    }

    @Override
    public String toString() {
        return isFixed() ? Long.toString(size) : name;
    }
}
