package ai.induo.worker.inference;

import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A try-on as model rounds: the person image and the products become tensors, one round per
 * product, each round's output the next one's person, and the last output an image again. Who runs
 * a round (the model directly, or a batcher gathering rounds of several jobs) is the caller's choice.
 */
public final class TryOn {

    private TryOn() {
    }

    /**
     * Dresses the person in the products, in order: the output for one product is the person image
     * for the next. The result has the person image's size.
     *
     * @param model runs one round and returns its output tensor
     * @throws InvalidInputException when there is no product or the person image is too large
     */
    public static BufferedImage dress(BufferedImage person, List<BufferedImage> products,
            Function<ModelRound, float[]> model) {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(products, "products");
        if (products.isEmpty()) {
            throw new InvalidInputException("A try-on needs at least one product image");
        }
        ImageShape shape = new ImageShape(person.getHeight(), person.getWidth());
        TorsoBox box = shape.torsoBox();
        float[] current = TryOnPreprocessing.toChw(person);
        for (BufferedImage product : products) {
            float[] garment = TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(product, box));
            current = model.apply(new ModelRound(shape, current, garment));
        }
        return TryOnPreprocessing.fromChw(current, shape.width(), shape.height());
    }
}
