package ai.induo.common.image;

import static ai.induo.common.image.MetadataImages.GPS_SECONDS;
import static ai.induo.common.image.MetadataImages.SECRET;
import static ai.induo.common.image.MetadataImages.contains;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetadataStripperTest {

    private static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void jpegLosesItsExifXmpIccCommentAndTrailer() throws Exception {
        byte[] original = TestImages.jpeg(40, 30);
        byte[] tagged = MetadataImages.jpegWithMetadata(original, 1);
        MetadataStripper stripper = new MetadataStripper(new ByteArrayInputStream(tagged));

        byte[] stripped = strip(stripper);

        assertThat(contains(tagged, SECRET_BYTES)).isTrue();
        assertThat(contains(stripped, SECRET_BYTES)).isFalse();
        assertThat(contains(stripped, GPS_SECONDS)).isFalse();
        assertThat(contains(stripped, ascii("Exif"))).isFalse();
        assertThat(MetadataImages.jpegSegmentMarkers(stripped)).doesNotContain(0xE1, 0xE2, 0xFE).contains(0xE0, 0xDB, 0xC0, 0xDA);
        assertThat(stripped).isEqualTo(original);
        assertThat(stripper.orientation()).isEqualTo(ExifOrientation.NORMAL);
        assertThat(stripper.bytesWritten()).isEqualTo(stripped.length);
    }

    @Test
    void jpegOrientationIsReadBeforeItsExifGoes() throws Exception {
        MetadataStripper stripper = new MetadataStripper(new ByteArrayInputStream(
                MetadataImages.jpegWithMetadata(TestImages.jpeg(40, 30), 6)));

        byte[] stripped = strip(stripper);

        assertThat(stripper.orientation()).isEqualTo(ExifOrientation.ROTATE_90);
        BufferedImage upright = stripper.orientation().apply(ImageCodec.decode(new ByteArrayInputStream(stripped)));
        assertThat(upright.getWidth()).isEqualTo(30);
        assertThat(upright.getHeight()).isEqualTo(40);
    }

    @Test
    void adobeColourTransformSegmentStays() throws Exception {
        byte[] original = TestImages.jpeg(8, 8);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1};
        byte[] withAdobe = new byte[original.length + adobe.length];
        System.arraycopy(original, 0, withAdobe, 0, 2);
        System.arraycopy(adobe, 0, withAdobe, 2, adobe.length);
        System.arraycopy(original, 2, withAdobe, 2 + adobe.length, original.length - 2);

        byte[] stripped = strip(new MetadataStripper(new ByteArrayInputStream(withAdobe)));

        assertThat(stripped).isEqualTo(withAdobe);
    }

    @Test
    void pngKeepsOnlyTheChunksItsPixelsNeed() throws Exception {
        byte[] original = TestImages.png(5, 7);
        byte[] tagged = MetadataImages.pngWithMetadata(original);

        byte[] stripped = strip(new MetadataStripper(new ByteArrayInputStream(tagged)));

        assertThat(MetadataImages.pngChunkTypes(tagged)).contains("tEXt", "zTXt", "iTXt", "eXIf", "iCCP", "tIME");
        assertThat(MetadataImages.pngChunkTypes(stripped)).containsOnly("IHDR", "IDAT", "IEND");
        assertThat(contains(stripped, SECRET_BYTES)).isFalse();
        assertThat(contains(stripped, GPS_SECONDS)).isFalse();
        assertThat(new ImageInspector(ImageLimits.defaults()).inspect(stripped)).isEqualTo(new ImageInfo(ImageFormat.PNG, 5, 7));
        assertThat(ImageCodec.decode(new ByteArrayInputStream(stripped)).getRGB(4, 6) & 0xFFFFFF).isEqualTo(0xC81E3C);
    }

    @Test
    void pngPaletteAndTransparencyStay() throws Exception {
        BufferedImage indexed = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(indexed, "png", out);
        byte[] palette = out.toByteArray();

        byte[] stripped = strip(new MetadataStripper(new ByteArrayInputStream(palette)));

        assertThat(MetadataImages.pngChunkTypes(stripped)).contains("PLTE");
        assertThat(MetadataImages.pngChunkTypes(stripped)).isEqualTo(MetadataImages.pngChunkTypes(palette).stream()
                .filter(type -> Character.isUpperCase(type.charAt(0)) || type.equals("tRNS")).toList());
    }

    @Test
    void webpLosesItsExifXmpAndIccChunksAndTheirFlags() throws Exception {
        byte[] tagged = MetadataImages.webpWithMetadata();

        byte[] stripped = strip(new MetadataStripper(new ByteArrayInputStream(tagged)));

        assertThat(contains(stripped, SECRET_BYTES)).isFalse();
        assertThat(contains(stripped, ascii("EXIF"))).isFalse();
        assertThat(contains(stripped, ascii("ICCP"))).isFalse();
        ByteBuffer bytes = ByteBuffer.wrap(stripped).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getInt(4)).isEqualTo(stripped.length - 8);
        assertThat(new String(stripped, 12, 4, StandardCharsets.ISO_8859_1)).isEqualTo("VP8X");
        assertThat(stripped[20]).isZero();
        assertThat(new ImageInspector(ImageLimits.defaults()).inspect(stripped)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 1));
        assertThat(ImageCodec.decode(new ByteArrayInputStream(stripped)).getWidth()).isEqualTo(1);
    }

    @Test
    void imagesWithoutMetadataComeThroughUnchanged() throws Exception {
        for (byte[] image : new byte[][] {TestImages.png(6, 6), TestImages.jpeg(9, 9), TestImages.WEBP_LOSSY_1X1}) {
            assertThat(strip(new MetadataStripper(new ByteArrayInputStream(image)))).isEqualTo(image);
        }
    }

    @Test
    void bytesInNoSupportedFormatComeThroughForTheInspectorToRefuse() throws Exception {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] truncated = Arrays.copyOf(TestImages.jpeg(32, 32), 200);

        assertThat(strip(new MetadataStripper(new ByteArrayInputStream(gif)))).isEqualTo(gif);
        assertThat(strip(new MetadataStripper(new ByteArrayInputStream(truncated)))).isEqualTo(truncated);
    }

    private static byte[] strip(MetadataStripper stripper) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stripper.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
