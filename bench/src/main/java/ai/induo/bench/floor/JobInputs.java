package ai.induo.bench.floor;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The two images of every bench job, made from code so that every run sends the same bytes: a
 * person image of 384 × 512 and a product image of 400 × 400, PNG, each about 100 KB. Smooth
 * gradients with sparse seeded noise of one level: the gradients alone would compress to a few
 * kilobytes, dense noise would not compress at all.
 *
 * @param person  the person image, PNG
 * @param product the product image, PNG
 */
public record JobInputs(byte[] person, byte[] product) {

    public static final int PERSON_WIDTH = 384;
    public static final int PERSON_HEIGHT = 512;
    public static final int PRODUCT_SIZE = 400;
    private static final long PERSON_SEED = 0x1d00_0001L;
    private static final long PRODUCT_SEED = 0x1d00_0002L;
    /** One channel value in this many is off by ±1: tuned so that each PNG is about 100 KB. */
    private static final int PERSON_NOISE_ONE_IN = 34;
    private static final int PRODUCT_NOISE_ONE_IN = 4;

    /** The same two images on every call. */
    public static JobInputs generate() {
        return new JobInputs(png(personPixels()), png(productPixels()));
    }

    /** The person image's pixels, 8-bit RGB: a vertical gradient with a lighter torso-shaped block. */
    static BufferedImage personPixels() {
        BufferedImage image = new BufferedImage(PERSON_WIDTH, PERSON_HEIGHT, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(PERSON_SEED);
        for (int y = 0; y < PERSON_HEIGHT; y++) {
            for (int x = 0; x < PERSON_WIDTH; x++) {
                boolean torso = x > PERSON_WIDTH / 4 && x < PERSON_WIDTH * 3 / 4 && y > PERSON_HEIGHT / 5;
                int red = 60 + y * 120 / PERSON_HEIGHT + (torso ? 60 : 0);
                int green = 80 + x * 100 / PERSON_WIDTH;
                int blue = 150 - y * 90 / PERSON_HEIGHT + (torso ? 40 : 0);
                image.setRGB(x, y, rgb(random, PERSON_NOISE_ONE_IN, red, green, blue));
            }
        }
        return image;
    }

    /** The product image's pixels: a garment-coloured disc with a diagonal gradient on white. */
    static BufferedImage productPixels() {
        BufferedImage image = new BufferedImage(PRODUCT_SIZE, PRODUCT_SIZE, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(PRODUCT_SEED);
        int centre = PRODUCT_SIZE / 2;
        for (int y = 0; y < PRODUCT_SIZE; y++) {
            for (int x = 0; x < PRODUCT_SIZE; x++) {
                int dx = x - centre;
                int dy = y - centre;
                if (dx * dx + dy * dy > centre * centre * 8 / 10) {
                    image.setRGB(x, y, 0xffffff);
                } else {
                    int shade = (x + y) * 80 / (2 * PRODUCT_SIZE);
                    image.setRGB(x, y, rgb(random, PRODUCT_NOISE_ONE_IN, 30 + shade, 50 + shade / 2, 120 + shade));
                }
            }
        }
        return image;
    }

    private static int rgb(SplittableRandom random, int noiseOneIn, int red, int green, int blue) {
        return channel(random, noiseOneIn, red) << 16 | channel(random, noiseOneIn, green) << 8
                | channel(random, noiseOneIn, blue);
    }

    private static int channel(SplittableRandom random, int noiseOneIn, int value) {
        int jitter = random.nextInt(noiseOneIn) == 0 ? (random.nextBoolean() ? 1 : -1) : 0;
        return Math.max(0, Math.min(255, value + jitter));
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding in memory failed", e);
        }
        return out.toByteArray();
    }
}
