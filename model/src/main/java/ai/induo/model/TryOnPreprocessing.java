package ai.induo.model;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Pre- and post-processing of the try-on contract: images to and from model tensors, the torso
 * box, fitting a product into it and the placement input. Pure Java and deterministic, so a test
 * can compute exactly what the worker feeds the model.
 */
public final class TryOnPreprocessing {

    /** Left edge of the torso box, in percent of the image width (rounded down). */
    public static final int TORSO_LEFT_PERCENT = 25;
    /** Right edge of the torso box, in percent of the image width (rounded up). */
    public static final int TORSO_RIGHT_PERCENT = 75;
    /** Top edge of the torso box, in percent of the image height (rounded down). */
    public static final int TORSO_TOP_PERCENT = 22;
    /** Bottom edge of the torso box, in percent of the image height (rounded up). */
    public static final int TORSO_BOTTOM_PERCENT = 80;
    /** The most pixels (width × height) an image may have: 3 values per pixel must fit one Java array. */
    public static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / ModelContract.CHANNELS;

    private static final int PERCENT = 100;
    private static final float MAX_CHANNEL = 255f;
    /** Each 8-bit value divided by 255, computed once: the same floats as dividing per pixel. */
    private static final float[] CHANNEL_VALUES = channelValues();

    private TryOnPreprocessing() {
    }

    /**
     * An image as a float32 tensor [1, 3, height, width] in channel-major (CHW) order: red plane,
     * green plane, blue plane, each row by row; values are the 8-bit sRGB values divided by 255.
     * Alpha, if any, is ignored.
     *
     * @throws IllegalArgumentException when the tensor would exceed the largest Java array
     */
    public static float[] toChw(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = planeSize(width, height);
        int[] rgb = packedPixels(image);
        if (rgb == null) {
            rgb = image.getRGB(0, 0, width, height, null, 0, width);
        }
        float[] chw = new float[ModelContract.CHANNELS * plane];
        for (int i = 0; i < plane; i++) {
            int pixel = rgb[i];
            chw[i] = CHANNEL_VALUES[(pixel >> 16) & 0xff];
            chw[plane + i] = CHANNEL_VALUES[(pixel >> 8) & 0xff];
            chw[2 * plane + i] = CHANNEL_VALUES[pixel & 0xff];
        }
        return chw;
    }

    /**
     * A float32 CHW tensor as an RGB image: each value is clamped to 0..1, multiplied by 255 and
     * rounded to the nearest integer (NaN becomes 0).
     *
     * @throws IllegalArgumentException when {@code data} does not hold 3 × width × height values
     */
    public static BufferedImage fromChw(float[] data, int width, int height) {
        int plane = planeSize(width, height);
        if (data.length != ModelContract.CHANNELS * plane) {
            throw new IllegalArgumentException("Expected " + ModelContract.CHANNELS + "x" + height + "x" + width
                    + " values, got " + data.length);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            rgb[i] = toByte(data[i]) << 16 | toByte(data[plane + i]) << 8 | toByte(data[2 * plane + i]);
        }
        return image;
    }

    /**
     * The torso box of a person image: columns from ⌊width × 25 / 100⌋ to ⌈width × 75 / 100⌉ and
     * rows from ⌊height × 22 / 100⌋ to ⌈height × 80 / 100⌉ (end exclusive). Never empty.
     */
    public static TorsoBox torsoBox(int width, int height) {
        planeSize(width, height);
        int left = Math.toIntExact((long) width * TORSO_LEFT_PERCENT / PERCENT);
        int right = Math.toIntExact(ceilDiv((long) width * TORSO_RIGHT_PERCENT, PERCENT));
        int top = Math.toIntExact((long) height * TORSO_TOP_PERCENT / PERCENT);
        int bottom = Math.toIntExact(ceilDiv((long) height * TORSO_BOTTOM_PERCENT, PERCENT));
        return new TorsoBox(left, top, right - left, bottom - top);
    }

    /**
     * The product scaled to fit inside the box, keeping its aspect ratio, centred on a white canvas
     * of exactly the box's size. The scaled size is the product size times
     * min(box width / product width, box height / product height), rounded to the nearest pixel
     * (at least 1); the offset is half the leftover space, rounded down. Scaling is bilinear;
     * transparent product pixels are composited over white.
     */
    public static BufferedImage fitIntoBox(BufferedImage product, TorsoBox box) {
        int productWidth = product.getWidth();
        int productHeight = product.getHeight();
        double scale = Math.min((double) box.width() / productWidth, (double) box.height() / productHeight);
        int scaledWidth = scaledSide(productWidth, scale, box.width());
        int scaledHeight = scaledSide(productHeight, scale, box.height());
        BufferedImage canvas = new BufferedImage(box.width(), box.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = canvas.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, box.width(), box.height());
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(product, (box.width() - scaledWidth) / 2, (box.height() - scaledHeight) / 2,
                    scaledWidth, scaledHeight, null);
        } finally {
            graphics.dispose();
        }
        return canvas;
    }

    /**
     * The placement input for a box in a person image of the given size: ONNX {@code Pad} pads
     * {@code [0, 0, top, left, 0, 0, height - bottom, width - right]}.
     *
     * @throws IllegalArgumentException when the box does not lie inside the image
     */
    public static long[] placement(TorsoBox box, int width, int height) {
        if (box.right() > width || box.bottom() > height) {
            throw new IllegalArgumentException("Torso box " + box + " does not fit in a " + width + "x" + height
                    + " image");
        }
        return new long[] {0, 0, box.top(), box.left(), 0, 0, height - box.bottom(), width - box.right()};
    }

    private static int planeSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Image size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("A " + width + "x" + height + " image is too large for one tensor");
        }
        return width * height;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static int scaledSide(int side, double scale, int limit) {
        return (int) Math.min(limit, Math.max(1, Math.round(side * scale)));
    }

    /**
     * The pixels of an {@code int} RGB or ARGB image whose raster is exactly its pixel array (row
     * by row, no offset, no padding), read in place; {@code null} for any other image, which is read
     * through {@link BufferedImage#getRGB}. Either way bits 16–23, 8–15 and 0–7 are red, green, blue.
     */
    private static int[] packedPixels(BufferedImage image) {
        int type = image.getType();
        if (type != BufferedImage.TYPE_INT_RGB && type != BufferedImage.TYPE_INT_ARGB) {
            return null;
        }
        WritableRaster raster = image.getRaster();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel model)
                || model.getScanlineStride() != image.getWidth()
                || !(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || buffer.getNumBanks() != 1 || buffer.getOffset() != 0) {
            return null;
        }
        return buffer.getData();
    }

    private static float[] channelValues() {
        float[] values = new float[256];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / MAX_CHANNEL;
        }
        return values;
    }

    private static int toByte(float value) {
        return Math.round(Math.min(1f, Math.max(0f, value)) * MAX_CHANNEL);
    }
}
