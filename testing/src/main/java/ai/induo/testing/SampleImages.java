package ai.induo.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Synthetic test images drawn in code, so tests need no binary fixtures: a person in front of a
 * gradient (a user image) and a garment on pure white (a product image). The same arguments always
 * give the same bytes.
 */
public final class SampleImages {

    /** Smallest width and height that still shows the figure. */
    public static final int MIN_SIZE = 16;
    /** JPEG quality of the JPEG variants. */
    public static final float JPEG_QUALITY = 0.9f;

    private static final Color SKY_TOP = new Color(196, 212, 232);
    private static final Color SKY_BOTTOM = new Color(118, 128, 148);
    private static final Color SKIN = new Color(224, 172, 105);
    private static final Color SHIRT = new Color(58, 92, 164);
    private static final Color TROUSERS = new Color(42, 42, 60);
    private static final Color GARMENT = new Color(200, 40, 52);
    private static final Color GARMENT_SEAM = new Color(150, 24, 36);

    private SampleImages() {
    }

    /** Draws a whole picture of the given size. */
    @FunctionalInterface
    private interface Painter {
        void paint(Graphics2D g, int width, int height);
    }

    /** A person standing in front of a vertical gradient, as PNG. */
    public static byte[] personPng(int width, int height) {
        return png(person(width, height));
    }

    /** {@link #personPng(int, int)} as JPEG. */
    public static byte[] personJpeg(int width, int height) {
        return jpeg(person(width, height));
    }

    /** A red T-shirt on a pure white background, as PNG. */
    public static byte[] productPng(int width, int height) {
        return png(product(width, height));
    }

    /** {@link #productPng(int, int)} as JPEG. */
    public static byte[] productJpeg(int width, int height) {
        return jpeg(product(width, height));
    }

    private static BufferedImage person(int width, int height) {
        return draw(width, height, (g, w, h) -> {
            g.setPaint(new GradientPaint(0, 0, SKY_TOP, 0, h, SKY_BOTTOM));
            g.fillRect(0, 0, w, h);
            double unit = Math.min(w, h);
            double centre = w / 2.0;
            double headRadius = unit * 0.08;
            g.setColor(SKIN);
            g.fill(new Ellipse2D.Double(centre - headRadius, h * 0.10, headRadius * 2, headRadius * 2.3));
            g.fill(rounded(centre - w * 0.24, h * 0.30, w * 0.07, h * 0.30, unit * 0.04));
            g.fill(rounded(centre + w * 0.17, h * 0.30, w * 0.07, h * 0.30, unit * 0.04));
            g.setColor(SHIRT);
            g.fill(rounded(centre - w * 0.17, h * 0.28, w * 0.34, h * 0.32, unit * 0.06));
            g.setColor(TROUSERS);
            g.fill(rounded(centre - w * 0.15, h * 0.58, w * 0.13, h * 0.36, unit * 0.03));
            g.fill(rounded(centre + w * 0.02, h * 0.58, w * 0.13, h * 0.36, unit * 0.03));
        });
    }

    private static BufferedImage product(int width, int height) {
        return draw(width, height, (g, w, h) -> {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            Polygon shirt = new Polygon();
            double[][] outline = {
                {0.38, 0.12}, {0.45, 0.16}, {0.55, 0.16}, {0.62, 0.12}, {0.86, 0.24}, {0.78, 0.40}, {0.70, 0.36},
                {0.70, 0.88}, {0.30, 0.88}, {0.30, 0.36}, {0.22, 0.40}, {0.14, 0.24}};
            for (double[] point : outline) {
                shirt.addPoint((int) Math.round(point[0] * w), (int) Math.round(point[1] * h));
            }
            g.setColor(GARMENT);
            g.fill(shirt);
            g.setColor(GARMENT_SEAM);
            g.setStroke(new BasicStroke((float) Math.max(1, Math.min(w, h) * 0.01)));
            g.draw(shirt);
        });
    }

    private static RoundRectangle2D rounded(double x, double y, double width, double height, double arc) {
        return new RoundRectangle2D.Double(x, y, width, height, arc, arc);
    }

    private static BufferedImage draw(int width, int height, Painter painter) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("images are at least " + MIN_SIZE + "x" + MIN_SIZE + ", asked for "
                    + width + "x" + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            painter.paint(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer available");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
