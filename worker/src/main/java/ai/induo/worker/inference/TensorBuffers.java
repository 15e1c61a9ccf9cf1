package ai.induo.worker.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct float buffers kept for reuse between model runs, one per tensor and shape: ONNX Runtime
 * reads inputs from and writes the output into a direct buffer in place, so a run of a shape seen
 * before allocates nothing. A buffer is taken for one run and given back after it; two runs at once
 * never share one. At most {@value #MAX_KEPT} buffers are kept, the least recently used dropped first.
 */
final class TensorBuffers {

    /** Enough for a few shape buckets at every batch size up to 8 (three tensors each). */
    static final int MAX_KEPT = 48;

    private final Map<Key, FloatBuffer> kept = new LinkedHashMap<>(MAX_KEPT, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FloatBuffer> eldest) {
            return size() > MAX_KEPT;
        }
    };

    /** A cleared buffer of the tensor's size (its capacity is the product of {@code shape}), for one run. */
    synchronized FloatBuffer take(String tensor, long[] shape) {
        FloatBuffer buffer = kept.remove(new Key(tensor, shape));
        if (buffer == null) {
            long values = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            buffer = ByteBuffer.allocateDirect(Math.toIntExact(Math.multiplyExact(values, Float.BYTES)))
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        return buffer.clear();
    }

    /** Keeps a buffer taken with {@link #take} for the next run of the same tensor and shape. */
    synchronized void giveBack(String tensor, long[] shape, FloatBuffer buffer) {
        kept.put(new Key(tensor, shape), buffer);
    }

    private record Key(String tensor, List<Long> shape) {
        Key(String tensor, long[] shape) {
            this(tensor, Arrays.stream(shape).boxed().toList());
        }
    }
}
