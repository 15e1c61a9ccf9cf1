package ai.induo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SampleImagesTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_START = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final int WHITE = 0xffffff;

    @Test
    void sameArgumentsGiveTheSameBytes() {
        assertThat(SampleImages.personPng(64, 96)).isEqualTo(SampleImages.personPng(64, 96));
        assertThat(SampleImages.productJpeg(80, 80)).isEqualTo(SampleImages.productJpeg(80, 80));
    }

    @Test
    void personImageHasTheAskedSizeAndAFigureOverTheBackground() throws IOException {
        byte[] png = SampleImages.personPng(120, 200);

        BufferedImage image = decode(png);
        assertThat(png).startsWith(PNG_SIGNATURE);
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(rgb(image, 60, 100)).isNotEqualTo(rgb(image, 2, 100));
        assertThat(rgb(image, 2, 2)).isNotEqualTo(rgb(image, 2, 197));
    }

    @Test
    void productImageIsAGarmentOnPureWhite() throws IOException {
        BufferedImage image = decode(SampleImages.productPng(100, 100));

        assertThat(rgb(image, 0, 0)).isEqualTo(WHITE);
        assertThat(rgb(image, 99, 99)).isEqualTo(WHITE);
        assertThat(rgb(image, 50, 50)).isNotEqualTo(WHITE);
    }

    @Test
    void jpegVariantsAreJpeg() throws IOException {
        byte[] jpeg = SampleImages.personJpeg(64, 64);

        assertThat(jpeg).startsWith(JPEG_START);
        assertThat(decode(jpeg).getWidth()).isEqualTo(64);
        assertThat(SampleImages.productJpeg(32, 48)).startsWith(JPEG_START);
    }

    @Test
    void tinyImagesAreRefused() {
        assertThatThrownBy(() -> SampleImages.productPng(8, 64)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & WHITE;
    }
}
