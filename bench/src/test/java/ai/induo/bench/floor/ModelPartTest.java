package ai.induo.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.model.TryOnPreprocessing;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ModelPartTest {

    @Test
    void eachRunWritesThePersonImageIntoTheOutputTensorAndReadsItBack() throws Exception {
        BufferedImage person = new BufferedImage(12, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 12; x++) {
                person.setRGB(x, y, x * 20 << 16 | y * 15 << 8 | (x + y) * 7);
            }
        }
        BufferedImage product = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);

        try (ModelPart model = new ModelPart(person, product)) {
            model.runOneJob();
            model.runOneJob();

            assertThat(model.lastOutput()).containsExactly(TryOnPreprocessing.toChw(person));
        }
    }
}
