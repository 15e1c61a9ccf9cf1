package ai.induo.model;

import static ai.induo.model.TestImages.filled;
import static ai.induo.model.TestImages.noise;
import static ai.induo.model.TestImages.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TryOnPreprocessingTest {

    private static final int WHITE = 0xffffff;
    private static final int RED = 0xff0000;

    @Test
    void torsoBoxSpansTheDocumentedFractionsOfTheImage() {
        TorsoBox box = TryOnPreprocessing.torsoBox(200, 300);

        assertThat(box).isEqualTo(new TorsoBox(50, 66, 100, 174));
        assertThat(box.right()).isEqualTo(150);
        assertThat(box.bottom()).isEqualTo(240);
    }

    @Test
    void torsoBoxRoundsOutwardsSoItIsNeverEmpty() {
        assertThat(TryOnPreprocessing.torsoBox(7, 9)).isEqualTo(new TorsoBox(1, 1, 5, 7));
        assertThat(TryOnPreprocessing.torsoBox(1, 1)).isEqualTo(new TorsoBox(0, 0, 1, 1));
    }

    @Test
    void refusesAnImageTooLargeForOneTensor() {
        assertThatThrownBy(() -> TryOnPreprocessing.torsoBox(100_000, 100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void fittedProductKeepsItsAspectRatioAndIsCentredOnWhite() {
        BufferedImage product = filled(100, 50, RED);

        BufferedImage fitted = TryOnPreprocessing.fitIntoBox(product, new TorsoBox(3, 4, 40, 40));

        assertThat(fitted.getWidth()).isEqualTo(40);
        assertThat(fitted.getHeight()).isEqualTo(40);
        for (int x = 0; x < 40; x++) {
            assertThat(rgb(fitted, x, 5)).isEqualTo(WHITE);
            assertThat(rgb(fitted, x, 20)).isEqualTo(RED);
            assertThat(rgb(fitted, x, 34)).isEqualTo(WHITE);
        }
    }

    @Test
    void transparentProductPixelsBecomeWhite() {
        BufferedImage product = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);

        BufferedImage fitted = TryOnPreprocessing.fitIntoBox(product, new TorsoBox(0, 0, 10, 10));

        assertThat(rgb(fitted, 5, 5)).isEqualTo(WHITE);
    }

    @Test
    void fittingIsDeterministic() {
        BufferedImage product = noise(37, 23, 7);
        TorsoBox box = new TorsoBox(0, 0, 61, 45);

        assertThat(TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(product, box)))
                .isEqualTo(TryOnPreprocessing.toChw(TryOnPreprocessing.fitIntoBox(product, box)));
    }

    @Test
    void tensorHoldsRedThenGreenThenBluePlanesScaledToZeroToOne() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff8000);
        image.setRGB(1, 0, 0x0000ff);

        assertThat(TryOnPreprocessing.toChw(image)).containsExactly(1f, 0f, 128 / 255f, 0f, 0f, 1f);
    }

    @Test
    void tensorIsTheSameWhateverTheImageLayout() {
        BufferedImage image = noise(31, 17, 3);
        BufferedImage bgr = new BufferedImage(31, 17, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage argb = new BufferedImage(31, 17, BufferedImage.TYPE_INT_ARGB);
        BufferedImage padded = noise(40, 20, 4);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                bgr.setRGB(x, y, image.getRGB(x, y));
                argb.setRGB(x, y, image.getRGB(x, y) & 0x7fffffff);
                padded.setRGB(x + 5, y + 2, image.getRGB(x, y));
            }
        }

        float[] expected = TryOnPreprocessing.toChw(image);

        assertThat(TryOnPreprocessing.toChw(bgr)).isEqualTo(expected);
        assertThat(TryOnPreprocessing.toChw(argb)).isEqualTo(expected);
        assertThat(TryOnPreprocessing.toChw(padded.getSubimage(5, 2, 31, 17))).isEqualTo(expected);
    }

    @Test
    void imageSurvivesTheRoundTripThroughATensor() {
        BufferedImage image = noise(31, 17, 42);

        BufferedImage back = TryOnPreprocessing.fromChw(TryOnPreprocessing.toChw(image), 31, 17);

        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 31; x++) {
                assertThat(rgb(back, x, y)).isEqualTo(rgb(image, x, y));
            }
        }
    }

    @Test
    void outputValuesAreClampedAndRounded() {
        float[] data = {-0.5f, 1.7f, 0.5f, Float.NaN, 0.2f, 1f};

        BufferedImage image = TryOnPreprocessing.fromChw(data, 2, 1);

        assertThat(rgb(image, 0, 0)).isEqualTo(0x00_80_33);
        assertThat(rgb(image, 1, 0)).isEqualTo(0xff_00_ff);
    }

    @Test
    void outputOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> TryOnPreprocessing.fromChw(new float[5], 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x1x2");
    }

    @Test
    void placementPadsTheBoxOutToThePersonFrame() {
        TorsoBox box = TryOnPreprocessing.torsoBox(200, 300);

        assertThat(TryOnPreprocessing.placement(box, 200, 300)).containsExactly(0, 0, 66, 50, 0, 0, 60, 50);
    }

    @Test
    void placementRefusesABoxOutsideTheImage() {
        assertThatThrownBy(() -> TryOnPreprocessing.placement(new TorsoBox(10, 10, 20, 20), 25, 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
    }
}
