package ai.induo.model;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Images for model and inference tests, shared through the model module's test-jar. */
public final class TestImages {

    private TestImages() {
    }

    /** An image of one colour. */
    public static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(rgb));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    /** A white image with a filled square of the given colour in its centre, half its width wide. */
    public static BufferedImage squareOnWhite(int size, int rgb) {
        BufferedImage image = filled(size, size, 0xffffff);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(rgb));
        graphics.fillRect(size / 4, size / 4, size / 2, size / 2);
        graphics.dispose();
        return image;
    }

    /** Random pixels, the same for the same seed. */
    public static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** A pixel's colour without alpha. */
    public static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }
}
