package ai.induo.common.image;

import static ai.induo.common.image.ImageInspectorTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/** The structure walk, through {@link ImageInspector}: damage after the header is found without decoding. */
class ImageStructureTest {

    private static final int PNG_CRC_BYTES = 4;
    private static final int JPEG_EOI_BYTES = 2;
    private static final int RIFF_SIZE_OFFSET = 4;

    private final ImageInspector inspector = new ImageInspector(ImageLimits.defaults());

    @Test
    void wellFormedImagesOfEveryFormatPass() throws Exception {
        assertThat(inspector.inspect(TestImages.png(64, 48))).isEqualTo(new ImageInfo(ImageFormat.PNG, 64, 48));
        assertThat(inspector.inspect(TestImages.translucentPng(9, 7))).isEqualTo(new ImageInfo(ImageFormat.PNG, 9, 7));
        assertThat(inspector.inspect(TestImages.jpeg(64, 48))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 64, 48));
        assertThat(inspector.inspect(progressiveJpeg(64, 48))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 64, 48));
        assertThat(inspector.inspect(TestImages.WEBP_LOSSLESS_1X1)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 1));
        assertThat(inspector.inspect(TestImages.WEBP_LOSSY_1X1)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 1));
    }

    @Test
    void aPngCutOffInItsImageDataIsTruncated() {
        byte[] png = TestImages.png(64, 64);

        assertCorrupt(Arrays.copyOf(png, png.length - 20), "the PNG image is truncated");
        assertCorrupt(Arrays.copyOf(png, png.length - 1), "before its IEND chunk");
    }

    @Test
    void aPngWithOneFlippedCrcByteIsDamaged() {
        byte[] png = TestImages.png(64, 64);
        byte[] idatCrc = png.clone();
        idatCrc[indexOf(png, "IEND") - PNG_CRC_BYTES - 1] ^= 0x01;
        byte[] iendCrc = png.clone();
        iendCrc[iendCrc.length - 1] ^= 0x01;

        assertCorrupt(idatCrc, "IDAT chunk");
        assertCorrupt(iendCrc, "IEND chunk");
        assertCorrupt(iendCrc, "fails its CRC check");
    }

    @Test
    void aPngWithAFlippedImageDataByteFailsItsCrc() {
        byte[] png = TestImages.png(64, 64);
        png[indexOf(png, "IDAT") + 8] ^= 0x40;

        assertCorrupt(png, "IDAT chunk");
    }

    @Test
    void bytesAfterThePngEndAreNotTheImage() throws Exception {
        byte[] png = concat(TestImages.png(16, 16), "trailing bytes".getBytes(StandardCharsets.US_ASCII));

        assertThat(inspector.inspect(png)).isEqualTo(new ImageInfo(ImageFormat.PNG, 16, 16));
    }

    @Test
    void aJpegWithoutItsEndOfImageMarkerIsTruncated() {
        byte[] jpeg = TestImages.jpeg(64, 64);

        assertCorrupt(Arrays.copyOf(jpeg, jpeg.length - JPEG_EOI_BYTES), "before its end-of-image marker");
        assertCorrupt(Arrays.copyOf(jpeg, jpeg.length / 2), "the JPEG image is truncated");
        byte[] progressive = progressiveJpeg(64, 64);
        assertCorrupt(Arrays.copyOf(progressive, progressive.length - JPEG_EOI_BYTES), "before its end-of-image marker");
    }

    /** A thumbnail's end marker inside an APP1 segment (as in EXIF) does not end the walk. */
    @Test
    void anEndMarkerInsideASegmentIsSkippedWithTheSegment() throws Exception {
        byte[] jpeg = TestImages.jpeg(32, 32);
        byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 6, 'E', 'x', (byte) 0xFF, (byte) 0xD9};
        byte[] withApp1 = concat(concat(Arrays.copyOf(jpeg, 2), app1), Arrays.copyOfRange(jpeg, 2, jpeg.length));

        assertThat(inspector.inspect(withApp1)).isEqualTo(new ImageInfo(ImageFormat.JPEG, 32, 32));
        assertCorrupt(Arrays.copyOf(withApp1, withApp1.length - JPEG_EOI_BYTES), "before its end-of-image marker");
    }

    @Test
    void bytesAfterTheJpegEndAreNotTheImage() throws Exception {
        byte[] jpeg = concat(TestImages.jpeg(16, 16), "appended video".getBytes(StandardCharsets.US_ASCII));

        assertThat(inspector.inspect(jpeg)).isEqualTo(new ImageInfo(ImageFormat.JPEG, 16, 16));
    }

    @Test
    void aWebpWhoseRiffSizeIsWrongIsRefused() {
        assertCorrupt(withRiffSize(TestImages.WEBP_LOSSY_1X1, 2), "the WEBP image is truncated");
        assertCorrupt(withRiffSize(TestImages.WEBP_LOSSY_1X1, -2), "does not fit its RIFF size");
        assertCorrupt(withRiffSize(TestImages.WEBP_LOSSLESS_1X1, -1), "does not fit its RIFF size");
        assertCorrupt(concat(TestImages.WEBP_LOSSLESS_1X1, new byte[2]), "longer than its RIFF size");
    }

    private void assertCorrupt(byte[] image, String detail) {
        assertRejected(() -> inspector.inspect(image), Reason.CORRUPT);
        assertThatThrownBy(() -> inspector.inspect(image)).hasMessageContaining(detail);
    }

    private static byte[] withRiffSize(byte[] webp, int change) {
        byte[] changed = webp.clone();
        ByteBuffer riff = ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN);
        riff.putInt(RIFF_SIZE_OFFSET, riff.getInt(RIFF_SIZE_OFFSET) + change);
        return changed;
    }

    private static byte[] progressiveJpeg(int width, int height) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(TestImages.image(width, height, BufferedImage.TYPE_INT_RGB), null, null),
                    param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, String fourCc) {
        byte[] pattern = fourCc.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException(fourCc + " not found");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
