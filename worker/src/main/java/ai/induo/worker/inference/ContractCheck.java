package ai.induo.worker.inference;

import ai.induo.model.Dimension;
import ai.induo.model.ElementType;
import ai.induo.model.ModelContract;
import ai.induo.model.TensorSpec;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Compares the inputs and outputs a loaded model declares with {@link ModelContract}. */
final class ContractCheck {

    private static final String ONNX_TYPE_PREFIX = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";

    private ContractCheck() {
    }

    /** Every way the declared inputs and outputs break the contract; empty when they meet it. */
    static List<String> violations(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        List<String> violations = new ArrayList<>();
        for (TensorSpec spec : ModelContract.INPUTS) {
            check("input", spec, inputs.get(spec.name()), violations);
        }
        List<String> contractInputs = ModelContract.INPUTS.stream().map(TensorSpec::name).toList();
        inputs.keySet().stream()
                .filter(name -> !contractInputs.contains(name))
                .sorted()
                .forEach(name -> violations.add("unexpected input '" + name + "' (the contract has "
                        + String.join(", ", contractInputs) + ")"));
        for (TensorSpec spec : ModelContract.OUTPUTS) {
            check("output", spec, outputs.get(spec.name()), violations);
        }
        return violations;
    }

    /**
     * The most images the model takes in one run: 1 when it fixes the batch axis of person, garment
     * or output at 1, otherwise no limit of its own. Call it on a model without {@link #violations}.
     */
    static int maxBatch(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        for (TensorSpec spec : ModelContract.BATCHED) {
            NodeInfo node = spec == ModelContract.OUTPUT_IMAGE ? outputs.get(spec.name()) : inputs.get(spec.name());
            if (((TensorInfo) node.getInfo()).getShape()[ModelContract.BATCH_AXIS] != Dimension.DYNAMIC) {
                return 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static void check(String kind, TensorSpec spec, NodeInfo node, List<String> violations) {
        String subject = kind + " '" + spec.name() + "'";
        if (node == null) {
            violations.add(subject + " is missing");
            return;
        }
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            violations.add(subject + " is not a tensor");
            return;
        }
        if (tensor.onnxType != onnxType(spec.type())) {
            violations.add(subject + " has element type " + typeName(tensor) + ", the contract requires "
                    + spec.type());
        }
        long[] shape = tensor.getShape();
        if (shape.length != spec.rank()) {
            violations.add(subject + " has shape " + describe(tensor) + ", the contract requires " + spec.rank()
                    + " dimensions " + spec.dimensions());
            return;
        }
        for (int axis = 0; axis < shape.length; axis++) {
            Dimension expected = spec.dimensions().get(axis);
            if (shape[axis] == Dimension.DYNAMIC || shape[axis] == expected.size()) {
                continue;
            }
            if (expected.equals(ModelContract.BATCH)) {
                if (shape[axis] != 1) {
                    violations.add(subject + " has shape " + describe(tensor) + ", the contract requires a dynamic "
                            + "size (" + expected + ") or 1 on axis " + axis);
                }
                continue;
            }
            violations.add(subject + " has shape " + describe(tensor) + ", the contract requires "
                    + (expected.isFixed() ? "size " + expected.size() : "a dynamic size (" + expected + ")")
                    + " on axis " + axis);
        }
    }

    private static TensorInfo.OnnxTensorType onnxType(ElementType type) {
        return switch (type) {
            case FLOAT -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
            case INT64 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
        };
    }

    private static String typeName(TensorInfo tensor) {
        return tensor.onnxType.name().replace(ONNX_TYPE_PREFIX, "").toLowerCase(Locale.ROOT);
    }

    private static String describe(TensorInfo tensor) {
        long[] shape = tensor.getShape();
        String[] names = tensor.getDimensionNames();
        List<String> dims = new ArrayList<>();
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] != Dimension.DYNAMIC) {
                dims.add(Long.toString(shape[axis]));
            } else {
                dims.add(names[axis].isEmpty() ? "?" : names[axis]);
            }
        }
        return dims.stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
