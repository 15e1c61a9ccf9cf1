package ai.induo.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a small ONNX model (a {@code ModelProto}) from Java: graph inputs and outputs, constant
 * initializers and nodes of the default ONNX operator set. Field numbers follow {@code onnx.proto}.
 * The same calls always produce the same bytes.
 */
public final class OnnxGraphBuilder {

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final String graphName;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    /** Starts an empty graph with the given name. */
    public OnnxGraphBuilder(String graphName) {
        this.graphName = graphName;
    }

    /** A node attribute. */
    public sealed interface Attribute permits IntAttribute, IntsAttribute {

        /** The attribute's name, as the operator defines it. */
        String name();

        /** The encoded {@code AttributeProto}. */
        byte[] encode();
    }

    /** An integer node attribute, such as {@code keepdims} or {@code to}. */
    public record IntAttribute(String name, long value) implements Attribute {

        @Override
        public byte[] encode() {
            return new ProtoWriter()
                    .string(ATTRIBUTE_NAME, name)
                    .int64(ATTRIBUTE_I, value)
                    .int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT)
                    .toByteArray();
        }
    }

    /** A list-of-integers node attribute, such as a convolution's {@code kernel_shape} or {@code strides}. */
    public record IntsAttribute(String name, long... values) implements Attribute {

        @Override
        public byte[] encode() {
            ProtoWriter attribute = new ProtoWriter().string(ATTRIBUTE_NAME, name);
            for (long value : values) {
                attribute.int64(ATTRIBUTE_INTS, value);
            }
            return attribute.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS).toByteArray();
        }
    }

    /** Declares a graph input. */
    public OnnxGraphBuilder input(TensorSpec spec) {
        inputs.add(valueInfo(spec));
        return this;
    }

    /** Declares a graph output. */
    public OnnxGraphBuilder output(TensorSpec spec) {
        outputs.add(valueInfo(spec));
        return this;
    }

    /** Adds a float32 scalar constant. */
    public OnnxGraphBuilder floatScalar(String name, float value) {
        byte[] raw = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
        initializers.add(new ProtoWriter()
                .int64(TENSOR_DATA_TYPE, ElementType.FLOAT.onnxCode())
                .string(TENSOR_NAME, name)
                .bytes(TENSOR_RAW_DATA, raw)
                .toByteArray());
        return this;
    }

    /**
     * Adds a float32 constant of any shape, such as a convolution's weights.
     *
     * @param dims   its shape, outermost dimension first
     * @param values its values in row-major order, as many as the shape holds
     */
    public OnnxGraphBuilder floatTensor(String name, long[] dims, float[] values) {
        long size = 1;
        for (long dim : dims) {
            size *= dim;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("A tensor of shape " + Arrays.toString(dims) + " holds "
                    + size + " values, got " + values.length);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.int64(TENSOR_DIMS, dim);
        }
        initializers.add(tensor
                .int64(TENSOR_DATA_TYPE, ElementType.FLOAT.onnxCode())
                .string(TENSOR_NAME, name)
                .bytes(TENSOR_RAW_DATA, raw.array())
                .toByteArray());
        return this;
    }

    /** Adds a one-dimensional int64 constant. */
    public OnnxGraphBuilder int64Vector(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            raw.putLong(value);
        }
        initializers.add(new ProtoWriter()
                .int64(TENSOR_DIMS, values.length)
                .int64(TENSOR_DATA_TYPE, ElementType.INT64.onnxCode())
                .string(TENSOR_NAME, name)
                .bytes(TENSOR_RAW_DATA, raw.array())
                .toByteArray());
        return this;
    }

    /**
     * Adds a node of the default ONNX domain. Nodes must be added in topological order.
     *
     * @param opType     the operator, e.g. {@code "Pad"}
     * @param nodeInputs names of the values the node reads; {@code ""} leaves an optional input out
     * @param nodeOutput name of the value the node produces
     * @param attributes the node's attributes
     */
    public OnnxGraphBuilder node(String opType, List<String> nodeInputs, String nodeOutput,
            Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        nodeInputs.forEach(input -> node.string(NODE_INPUT, input));
        node.string(NODE_OUTPUT, nodeOutput)
                .string(NODE_NAME, nodeOutput)
                .string(NODE_OP_TYPE, opType);
        for (Attribute attribute : attributes) {
            node.bytes(NODE_ATTRIBUTE, attribute.encode());
        }
        nodes.add(node.toByteArray());
        return this;
    }

    /**
     * Encodes the model.
     *
     * @param irVersion       the ONNX IR version
     * @param opsetVersion    the version of the default ONNX operator set the nodes use
     * @param producerName    the tool that wrote the model
     * @param producerVersion the version of that tool
     * @param docString       a human-readable description
     */
    public byte[] toModel(long irVersion, long opsetVersion, String producerName, String producerVersion,
            String docString) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(node -> graph.bytes(GRAPH_NODE, node));
        graph.string(GRAPH_NAME, graphName);
        initializers.forEach(initializer -> graph.bytes(GRAPH_INITIALIZER, initializer));
        inputs.forEach(input -> graph.bytes(GRAPH_INPUT, input));
        outputs.forEach(output -> graph.bytes(GRAPH_OUTPUT, output));
        return new ProtoWriter()
                .int64(MODEL_IR_VERSION, irVersion)
                .string(MODEL_PRODUCER_NAME, producerName)
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .string(MODEL_DOC_STRING, docString)
                .bytes(MODEL_GRAPH, graph.toByteArray())
                .bytes(MODEL_OPSET_IMPORT, new ProtoWriter()
                        .string(OPSET_DOMAIN, "")
                        .int64(OPSET_VERSION, opsetVersion)
                        .toByteArray())
                .toByteArray();
    }

    private static byte[] valueInfo(TensorSpec spec) {
        ProtoWriter shape = new ProtoWriter();
        for (Dimension dimension : spec.dimensions()) {
            ProtoWriter dim = new ProtoWriter();
            if (dimension.isFixed()) {
                dim.int64(DIM_VALUE, dimension.size());
            } else {
                dim.string(DIM_PARAM, dimension.name());
            }
            shape.bytes(SHAPE_DIM, dim.toByteArray());
        }
        byte[] tensorType = new ProtoWriter()
                .int64(TENSOR_TYPE_ELEM_TYPE, spec.type().onnxCode())
                .bytes(TENSOR_TYPE_SHAPE, shape.toByteArray())
                .toByteArray();
        return new ProtoWriter()
                .string(VALUE_INFO_NAME, spec.name())
                .bytes(VALUE_INFO_TYPE, new ProtoWriter().bytes(TYPE_TENSOR_TYPE, tensorType).toByteArray())
                .toByteArray();
    }
}
