package ai.induo.common.image;

import static ai.induo.common.image.ImageInspectorTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.induo.common.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

    @Test
    void jpegDecodesToRgbPixels() throws Exception {
        BufferedImage image = ImageCodec.decode(new ByteArrayInputStream(TestImages.jpeg(40, 30)));

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(30);
        int rgb = image.getRGB(20, 15);
        assertThat((rgb >> 16) & 0xFF).isBetween(190, 210);
        assertThat((rgb >> 8) & 0xFF).isBetween(20, 40);
    }

    @Test
    void pngDecodesExactly() throws Exception {
        BufferedImage image = ImageCodec.decode(new ByteArrayInputStream(TestImages.png(5, 7)));

        assertThat(image.getWidth()).isEqualTo(5);
        assertThat(image.getHeight()).isEqualTo(7);
        assertThat(image.getRGB(4, 6) & 0xFFFFFF).isEqualTo(0xC81E3C);
    }

    @Test
    void webpDecodesToItsDeclaredSize() throws Exception {
        BufferedImage lossless = ImageCodec.decode(new ByteArrayInputStream(TestImages.WEBP_LOSSLESS_1X1));
        BufferedImage lossy = ImageCodec.decode(new ByteArrayInputStream(TestImages.WEBP_LOSSY_1X1));

        assertThat(lossless.getWidth()).isEqualTo(1);
        assertThat(lossless.getHeight()).isEqualTo(1);
        assertThat(lossless.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(lossy.getWidth()).isEqualTo(1);
        assertThat(lossy.getHeight()).isEqualTo(1);
    }

    @Test
    void transparentAreasBecomeWhite() throws Exception {
        BufferedImage image = ImageCodec.decode(new ByteArrayInputStream(TestImages.translucentPng(3, 3)));

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void truncatedPixelDataIsCorrupt() {
        byte[] png = TestImages.png(64, 64);
        byte[] truncated = Arrays.copyOf(png, png.length - 30);

        assertRejected(() -> ImageCodec.decode(new ByteArrayInputStream(truncated)), Reason.CORRUPT);
    }

    @Test
    void headerWithoutPixelDataIsCorrupt() {
        assertRejected(() -> ImageCodec.decode(new ByteArrayInputStream(TestImages.pngHeaderOnly(10, 10))),
                Reason.CORRUPT);
    }

    @Test
    void decodingChecksLimitsFirst() {
        assertRejected(() -> ImageCodec.decode(new ByteArrayInputStream(TestImages.pngHeaderOnly(50_000, 50_000))),
                Reason.TOO_MANY_PIXELS);
        assertRejected(() -> ImageCodec.decode(new ByteArrayInputStream(TestImages.png(10, 10)),
                new ImageLimits(50, 1_000)), Reason.TOO_LARGE);
    }

    @Test
    void otherFormatsAreUnsupported() {
        assertRejected(() -> ImageCodec.decode(new ByteArrayInputStream(
                "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1))), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void failingSourceIsAnIoErrorNotABadImage() {
        IOException failure = new IOException("decryption source failed");
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        };
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(TestImages.png(4, 4)), broken);

        assertThatThrownBy(() -> ImageCodec.decode(failing)).isSameAs(failure);
    }

    @Test
    void pngWrittenDecodesToTheSamePixels() throws Exception {
        BufferedImage original = TestImages.image(12, 9, BufferedImage.TYPE_INT_RGB);
        original.setRGB(3, 4, 0x123456);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ImageCodec.writePng(original, out);

        assertThat(ImageFormat.sniff(out.toByteArray())).contains(ImageFormat.PNG);
        BufferedImage decoded = ImageCodec.decode(new ByteArrayInputStream(out.toByteArray()));
        assertThat(decoded.getRGB(3, 4) & 0xFFFFFF).isEqualTo(0x123456);
        assertThat(decoded.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xC81E3C);
    }

    @Test
    void pngWrittenCarriesOnlyCriticalChunks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ImageCodec.writePng(TestImages.image(12, 9, BufferedImage.TYPE_INT_RGB), out);

        assertThat(MetadataImages.pngChunkTypes(out.toByteArray())).containsOnly("IHDR", "IDAT", "IEND");
    }

    @Test
    void jpegWrittenCarriesOnlyItsJfifHeaderAndPixels() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ImageCodec.writeJpeg(TestImages.image(12, 9, BufferedImage.TYPE_INT_RGB), out);

        assertThat(MetadataImages.jpegSegmentMarkers(out.toByteArray())).allMatch(marker -> marker == 0xE0 || marker < 0xE0);
        BufferedImage decoded = ImageCodec.decode(new ByteArrayInputStream(out.toByteArray()));
        assertThat(decoded.getWidth()).isEqualTo(12);
        assertThat(decoded.getHeight()).isEqualTo(9);
    }
}
