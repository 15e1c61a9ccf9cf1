package ai.induo.model;

/** Element types used by the try-on contract, with their ONNX {@code TensorProto.DataType} codes. */
public enum ElementType {
    FLOAT(1, "float32"),
    INT64(7, "int64");

    private final int onnxCode;
    private final String displayName;

    ElementType(int onnxCode, String displayName) {
        this.onnxCode = onnxCode;
        this.displayName = displayName;
    }

    /** The value of ONNX {@code TensorProto.DataType} for this type. */
    public int onnxCode() {
        return onnxCode;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
