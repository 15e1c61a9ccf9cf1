package ai.induo.worker.inference;

import java.util.List;

/** A model that runs several rounds of the same shape at once, as one batch. */
public interface BatchModel {

    /** The most rounds one {@link #runBatch} takes: 1 for a model that does not batch. */
    int maxBatch();

    /**
     * Runs the rounds, which all have the same shape, as one batch of the model.
     *
     * @return the output tensor of each round, in order
     * @throws IllegalArgumentException when the rounds are empty, more than {@link #maxBatch()} or of
     *                                  different shapes
     * @throws InferenceException       when the model fails or its output breaks the contract
     */
    List<float[]> runBatch(List<ModelRound> rounds);
}
