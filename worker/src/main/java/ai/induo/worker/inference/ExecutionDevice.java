package ai.induo.worker.inference;

/** Where ONNX Runtime runs the try-on model. */
public enum ExecutionDevice {
    /** The CPU execution provider; works with the default {@code onnxruntime} artifact. */
    CPU,
    /**
     * The CUDA execution provider on the pod's first visible NVIDIA GPU; needs the
     * {@code onnxruntime_gpu} artifact (Maven profile {@code gpu}) and CUDA libraries on the host.
     */
    CUDA
}
