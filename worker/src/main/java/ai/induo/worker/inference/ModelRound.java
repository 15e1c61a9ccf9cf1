package ai.induo.worker.inference;

import java.util.Objects;

/**
 * One image's input to one run of the model: a person image and one fitted product, as CHW floats
 * (see {@code TryOnPreprocessing}). Rounds of the same {@link ImageShape} can share a batch.
 *
 * @param shape   the person image's shape
 * @param person  the person tensor, {@link ImageShape#personValues()} floats
 * @param garment the garment tensor, {@link ImageShape#garmentValues()} floats
 */
public record ModelRound(ImageShape shape, float[] person, float[] garment) {

    public ModelRound {
        Objects.requireNonNull(shape, "shape");
        if (person.length != shape.personValues() || garment.length != shape.garmentValues()) {
            throw new IllegalArgumentException("A " + shape + " round needs " + shape.personValues() + " person and "
                    + shape.garmentValues() + " garment values, got " + person.length + " and " + garment.length);
        }
    }
}
