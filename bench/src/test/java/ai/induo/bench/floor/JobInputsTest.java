package ai.induo.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JobInputsTest {

    private static final int KB = 1000;

    @Test
    void bothImagesArePngsOfAboutAHundredKilobytes() {
        JobInputs inputs = JobInputs.generate();

        assertThat(inputs.person().length).isBetween(90 * KB, 120 * KB);
        assertThat(inputs.product().length).isBetween(90 * KB, 120 * KB);
    }

    @Test
    void everyRunSendsTheSameBytes() {
        JobInputs first = JobInputs.generate();
        JobInputs second = JobInputs.generate();

        assertThat(first.person()).isEqualTo(second.person());
        assertThat(first.product()).isEqualTo(second.product());
    }

    @Test
    void thePersonIs384By512AndTheProductSquare() throws IOException {
        JobInputs inputs = JobInputs.generate();
        BufferedImage person = ImageIO.read(new ByteArrayInputStream(inputs.person()));
        BufferedImage product = ImageIO.read(new ByteArrayInputStream(inputs.product()));

        assertThat(person.getWidth()).isEqualTo(384);
        assertThat(person.getHeight()).isEqualTo(512);
        assertThat(product.getWidth()).isEqualTo(product.getHeight()).isEqualTo(400);
    }
}
