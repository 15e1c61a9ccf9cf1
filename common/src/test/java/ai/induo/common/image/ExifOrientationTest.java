package ai.induo.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {

    /** A 3x2 image whose pixels are numbered 1..6 row by row. */
    private static BufferedImage numbered() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                image.setRGB(x, y, y * 3 + x + 1);
            }
        }
        return image;
    }

    private static int[][] rows(BufferedImage image) {
        int[][] rows = new int[image.getHeight()][image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                rows[y][x] = image.getRGB(x, y) & 0xFFFFFF;
            }
        }
        return rows;
    }

    @Test
    void everyOrientationTurnsThePixelsUpright() {
        assertThat(rows(ExifOrientation.NORMAL.apply(numbered()))).isEqualTo(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(rows(ExifOrientation.FLIP_HORIZONTAL.apply(numbered()))).isEqualTo(new int[][] {{3, 2, 1}, {6, 5, 4}});
        assertThat(rows(ExifOrientation.ROTATE_180.apply(numbered()))).isEqualTo(new int[][] {{6, 5, 4}, {3, 2, 1}});
        assertThat(rows(ExifOrientation.FLIP_VERTICAL.apply(numbered()))).isEqualTo(new int[][] {{4, 5, 6}, {1, 2, 3}});
        assertThat(rows(ExifOrientation.TRANSPOSE.apply(numbered()))).isEqualTo(new int[][] {{1, 4}, {2, 5}, {3, 6}});
        assertThat(rows(ExifOrientation.ROTATE_90.apply(numbered()))).isEqualTo(new int[][] {{4, 1}, {5, 2}, {6, 3}});
        assertThat(rows(ExifOrientation.TRANSVERSE.apply(numbered()))).isEqualTo(new int[][] {{6, 3}, {5, 2}, {4, 1}});
        assertThat(rows(ExifOrientation.ROTATE_270.apply(numbered()))).isEqualTo(new int[][] {{3, 6}, {2, 5}, {1, 4}});
    }

    @Test
    void tagValuesMapToOrientationsAndUnknownOnesToNormal() {
        assertThat(ExifOrientation.of(6)).isEqualTo(ExifOrientation.ROTATE_90);
        assertThat(ExifOrientation.of(8).value()).isEqualTo(8);
        assertThat(ExifOrientation.of(0)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.of(9)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.ROTATE_270.swapsDimensions()).isTrue();
        assertThat(ExifOrientation.ROTATE_180.swapsDimensions()).isFalse();
    }

    @Test
    void orientationIsReadFromTheFirstImageDirectory() {
        assertThat(ExifOrientation.fromTiff(MetadataImages.exifTiff(3))).isEqualTo(ExifOrientation.ROTATE_180);
        assertThat(ExifOrientation.fromTiff(new byte[] {'M', 'M', 0, 42})).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.fromTiff(new byte[0])).isEqualTo(ExifOrientation.NORMAL);
    }
}
