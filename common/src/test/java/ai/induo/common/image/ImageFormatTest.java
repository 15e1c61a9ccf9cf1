package ai.induo.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void formatsAreRecognisedByTheirLeadingBytes() {
        assertThat(ImageFormat.sniff(TestImages.jpeg(4, 4))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(TestImages.png(4, 4))).contains(ImageFormat.PNG);
        assertThat(ImageFormat.sniff(TestImages.WEBP_LOSSLESS_1X1)).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.sniff(TestImages.WEBP_LOSSY_1X1)).contains(ImageFormat.WEBP);
    }

    @Test
    void otherBytesAreNotAnImage() {
        assertThat(ImageFormat.sniff("<html><body>hi</body></html>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageFormat.sniff("GIF89a......".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageFormat.sniff("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    }

    @Test
    void mediaTypesAreTheIanaNames() {
        assertThat(ImageFormat.JPEG.mediaType()).isEqualTo("image/jpeg");
        assertThat(ImageFormat.PNG.mediaType()).isEqualTo("image/png");
        assertThat(ImageFormat.WEBP.mediaType()).isEqualTo("image/webp");
    }

    @Test
    void pixelCountDoesNotOverflow() {
        assertThat(new ImageInfo(ImageFormat.PNG, 50_000, 50_000).pixels()).isEqualTo(2_500_000_000L);
    }

    @Test
    void defaultLimitsAreTenMebibytesAndTwentyFiveMegapixels() {
        assertThat(ImageLimits.defaults()).isEqualTo(new ImageLimits(10 * 1024 * 1024, 25_000_000));
    }
}
