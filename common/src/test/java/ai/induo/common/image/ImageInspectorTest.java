package ai.induo.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.induo.common.image.ImageRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {

    private static final Duration HEADER_ONLY_BUDGET = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final ImageInspector inspector = new ImageInspector(ImageLimits.defaults());

    @Test
    void jpegDimensionsAreRead() throws Exception {
        assertThat(inspector.inspect(file("photo.jpg", TestImages.jpeg(64, 48))))
                .isEqualTo(new ImageInfo(ImageFormat.JPEG, 64, 48));
    }

    @Test
    void pngDimensionsAreRead() throws Exception {
        assertThat(inspector.inspect(file("photo.png", TestImages.png(33, 17))))
                .isEqualTo(new ImageInfo(ImageFormat.PNG, 33, 17));
    }

    @Test
    void webpDimensionsAreRead() throws Exception {
        assertThat(inspector.inspect(file("lossless.webp", TestImages.WEBP_LOSSLESS_1X1)))
                .isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 1));
        assertThat(inspector.inspect(file("lossy.webp", TestImages.WEBP_LOSSY_1X1)))
                .isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 1));
    }

    @Test
    void formatComesFromTheBytesNotTheFileName() throws Exception {
        assertThat(inspector.inspect(file("photo.jpg", TestImages.png(8, 8))).format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void inMemoryImagesAreCheckedTheSameWay() throws Exception {
        assertThat(inspector.inspect(TestImages.jpeg(20, 10))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 20, 10));
        assertRejected(() -> inspector.inspect(TestImages.pngHeaderOnly(50_000, 50_000)), Reason.TOO_MANY_PIXELS);
        assertRejected(() -> inspector.inspect(new byte[0]), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void streamedImagesAreCheckedTheSameWay() throws Exception {
        byte[] jpeg = TestImages.jpeg(20, 10);
        byte[] bomb = TestImages.pngHeaderOnly(50_000, 50_000);
        byte[] html = "<html></html>".getBytes(StandardCharsets.US_ASCII);
        byte[] truncated = Arrays.copyOf(TestImages.png(8, 8), 20);

        assertThat(inspector.inspect(new ByteArrayInputStream(jpeg), jpeg.length))
                .isEqualTo(new ImageInfo(ImageFormat.JPEG, 20, 10));
        assertThat(inspector.inspect(new ByteArrayInputStream(TestImages.WEBP_LOSSY_1X1), TestImages.WEBP_LOSSY_1X1.length))
                .isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 1));
        assertRejected(() -> inspector.inspect(new ByteArrayInputStream(bomb), bomb.length), Reason.TOO_MANY_PIXELS);
        assertRejected(() -> inspector.inspect(new ByteArrayInputStream(html), html.length), Reason.UNSUPPORTED_FORMAT);
        assertRejected(() -> inspector.inspect(InputStream.nullInputStream(), 0), Reason.UNSUPPORTED_FORMAT);
        assertRejected(() -> inspector.inspect(new ByteArrayInputStream(truncated), truncated.length), Reason.CORRUPT);
    }

    @Test
    void aStreamIsReadOnlyAsFarAsTheImageGoes() throws Exception {
        byte[] png = TestImages.png(33, 17);
        int trailing = 4 * 1024 * 1024;
        CountingInputStream in = new CountingInputStream(new SequenceInputStream(
                new ByteArrayInputStream(png), new ByteArrayInputStream(new byte[trailing])));

        assertThat(inspector.inspect(in, png.length + trailing)).isEqualTo(new ImageInfo(ImageFormat.PNG, 33, 17));
        assertThat(in.count).isLessThan(64 * 1024);
    }

    @Test
    void aStreamDeclaredOverTheByteLimitIsRejectedUnread() {
        ImageInspector small = new ImageInspector(new ImageLimits(1000, 25_000_000));
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(TestImages.png(8, 8)));

        assertRejected(() -> small.inspect(in, 1001), Reason.TOO_LARGE);
        assertThat(in.count).isZero();
    }

    @Test
    void aStreamThatFailsIsAnIoErrorNotACorruptImage() {
        byte[] png = TestImages.png(64, 64);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(png, 0, 16), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("storage went away");
            }
        });

        assertThatThrownBy(() -> inspector.inspect(failing, png.length))
                .isInstanceOf(IOException.class)
                .hasMessage("storage went away");
    }

    @Test
    void htmlNamedLikeAnImageIsUnsupported() throws IOException {
        Path html = file("photo.png", "<!doctype html><html><script>alert(1)</script></html>"
                .getBytes(StandardCharsets.US_ASCII));

        assertRejected(() -> inspector.inspect(html), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void emptyFileIsUnsupported() throws IOException {
        assertRejected(() -> inspector.inspect(file("empty.jpg", new byte[0])), Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void fileOverTheByteLimitIsTooLargeWhateverItContains() throws IOException {
        ImageInspector small = new ImageInspector(new ImageLimits(1000, 25_000_000));
        Path big = file("big.png", Arrays.copyOf(TestImages.png(8, 8), 1001));

        assertThatThrownBy(() -> small.inspect(big))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("1001 bytes")
                .hasMessageContaining("1000 bytes");
        assertRejected(() -> small.inspect(new byte[1001]), Reason.TOO_LARGE);
    }

    @Test
    void hugeDeclaredPngIsRejectedFromItsHeaderAlone() throws IOException {
        Path bomb = file("bomb.png", TestImages.pngHeaderOnly(50_000, 50_000));

        assertTimeoutPreemptively(HEADER_ONLY_BUDGET, () -> assertThatThrownBy(() -> inspector.inspect(bomb))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS))
                .hasMessageContaining("50000x50000"));
    }

    @Test
    void hugeDeclaredWebpIsRejectedFromItsHeaderAlone() throws IOException {
        Path bomb = file("bomb.webp", TestImages.webpDeclaring(16_384, 16_384));

        assertTimeoutPreemptively(HEADER_ONLY_BUDGET,
                () -> assertRejected(() -> inspector.inspect(bomb), Reason.TOO_MANY_PIXELS));
    }

    @Test
    void pixelLimitIsInclusive() throws Exception {
        ImageInspector exact = new ImageInspector(new ImageLimits(1024 * 1024, 64 * 48));

        assertThat(exact.inspect(TestImages.jpeg(64, 48)).pixels()).isEqualTo(64 * 48);
        assertRejected(() -> exact.inspect(TestImages.jpeg(64, 49)), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void truncatedHeadersAreCorrupt() throws IOException {
        byte[] png = TestImages.png(8, 8);
        byte[] jpeg = TestImages.jpeg(8, 8);

        assertRejected(() -> inspector.inspect(file("a.png", Arrays.copyOf(png, 20))), Reason.CORRUPT);
        assertRejected(() -> inspector.inspect(file("b.png", Arrays.copyOf(png, 8))), Reason.CORRUPT);
        assertRejected(() -> inspector.inspect(file("c.jpg", Arrays.copyOf(jpeg, 3))), Reason.CORRUPT);
        assertRejected(() -> inspector.inspect(file("d.jpg", Arrays.copyOf(jpeg, 40))), Reason.CORRUPT);
        assertRejected(() -> inspector.inspect(file("e.webp", Arrays.copyOf(TestImages.WEBP_LOSSY_1X1, 16))),
                Reason.CORRUPT);
    }

    @Test
    void zeroDimensionsAreCorrupt() throws IOException {
        assertRejected(() -> inspector.inspect(file("zero.png", TestImages.pngHeaderOnly(0, 10))), Reason.CORRUPT);
    }

    @Test
    void rejectionMessagesDoNotContainTheImageBytes() throws IOException {
        Path html = file("x.png", "<html>SECRET-CONTENT</html>".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> inspector.inspect(html)).message().doesNotContain("SECRET-CONTENT");
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = super.read(b, off, len);
            count += Math.max(read, 0);
            return read;
        }
    }

    static void assertRejected(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
