package ai.induo.worker.inference;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/** How far ONNX Runtime rewrites the model's graph when it loads it (its graph optimisation level). */
public enum OptimizationLevel {
    /** Every optimisation, including layout changes for the device: the fastest runs. */
    ALL(OptLevel.ALL_OPT),
    /** Basic ones plus fusions of common node patterns. */
    EXTENDED(OptLevel.EXTENDED_OPT),
    /** Constant folding and removal of redundant nodes only. */
    BASIC(OptLevel.BASIC_OPT),
    /** The graph as written: for telling a model bug from an optimiser bug. */
    NONE(OptLevel.NO_OPT);

    private final OptLevel ortLevel;

    OptimizationLevel(OptLevel ortLevel) {
        this.ortLevel = ortLevel;
    }

    OptLevel ortLevel() {
        return ortLevel;
    }
}
