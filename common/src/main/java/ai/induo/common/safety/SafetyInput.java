package ai.induo.common.safety;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/** A job's inputs as the worker decoded them: the person image and the product images. */
public record SafetyInput(BufferedImage person, List<BufferedImage> products) {

    public SafetyInput {
        Objects.requireNonNull(person, "person");
        products = List.copyOf(products);
    }
}
