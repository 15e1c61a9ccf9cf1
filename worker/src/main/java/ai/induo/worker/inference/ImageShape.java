package ai.induo.worker.inference;

import ai.induo.model.ModelContract;
import ai.induo.model.TorsoBox;
import ai.induo.model.TryOnPreprocessing;
import java.util.Locale;

/**
 * The size of a person image, which decides everything else a model round needs: the torso box, so
 * the garment's size, and the placement. Rounds of the same shape can run as one batch.
 *
 * @param height rows, at least 1
 * @param width  columns, at least 1
 */
public record ImageShape(int height, int width) {

    /**
     * The most pixels a person image may have: one image's tensor must fit a direct buffer of at
     * most 2 GiB, 3 floats of 4 bytes a pixel (about 178 million pixels).
     */
    public static final long MAX_PIXELS = Integer.MAX_VALUE / ((long) ModelContract.CHANNELS * Float.BYTES);

    private static final String SEPARATOR = "x";

    public ImageShape {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("An image shape must be positive, got " + height + SEPARATOR + width);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new InvalidInputException("The person image is " + width + "x" + height + " pixels; at most "
                    + MAX_PIXELS + " pixels fit the model");
        }
    }

    /**
     * A shape written {@code HEIGHTxWIDTH}, such as {@code 512x384}.
     *
     * @throws IllegalArgumentException when the text is not two positive integers joined by {@code x}
     */
    public static ImageShape parse(String text) {
        String[] sides = text.trim().toLowerCase(Locale.ROOT).split(SEPARATOR, -1);
        try {
            if (sides.length == 2) {
                return new ImageShape(Integer.parseInt(sides[0]), Integer.parseInt(sides[1]));
            }
        } catch (NumberFormatException | InvalidInputException e) {
            throw new IllegalArgumentException("'" + text + "' is not an image shape HEIGHTxWIDTH: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("'" + text + "' is not an image shape HEIGHTxWIDTH, such as 512x384");
    }

    /** The torso box of a person image of this shape. */
    public TorsoBox torsoBox() {
        return TryOnPreprocessing.torsoBox(width, height);
    }

    /** The placement input for a person image of this shape. */
    public long[] placement() {
        return TryOnPreprocessing.placement(torsoBox(), width, height);
    }

    /** The number of floats in one person (or output) image tensor: 3 × height × width. */
    public int personValues() {
        return ModelContract.CHANNELS * height * width;
    }

    /** The most images of this shape one batch holds: their tensor must fit one direct buffer (2 GiB). */
    public int maxBatch() {
        return Math.toIntExact(MAX_PIXELS / ((long) width * height));
    }

    /** The number of floats in one garment tensor: 3 × the torso box's height × width. */
    public int garmentValues() {
        TorsoBox box = torsoBox();
        return ModelContract.CHANNELS * box.height() * box.width();
    }

    @Override
    public String toString() {
        return height + SEPARATOR + width;
    }
}
