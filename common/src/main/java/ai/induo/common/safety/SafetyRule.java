package ai.induo.common.safety;

import java.awt.image.BufferedImage;

/**
 * The built-in {@link SafetyCheck}, a documented placeholder for a real classifier: it flags a job
 * as {@link SafetyCategory#SKIN_EXPOSURE} when at least {@code skinFraction} of the person image's
 * pixels have a skin tone. A try-on photo normally shows a clothed person, so skin covers a small
 * part of it (face, hands, arms); a picture that is mostly skin is worth a look.
 *
 * <p>A pixel has a skin tone by the RGB rule of Kovač, Peer and Solina (2003, "Human skin colour
 * clustering for face detection", uniform daylight): {@code R > 95, G > 40, B > 20},
 * {@code max(R,G,B) - min(R,G,B) > 15}, {@code |R - G| > 15}, {@code R > G} and {@code R > B}. The
 * rule is deterministic and cheap; it knows nothing of content, so it both misses (dark or
 * unusual light) and over-flags (a close-up face, a beige wall): every flag goes to a person.
 * Large images are sampled on an even grid of at most {@value #MAX_SAMPLES_PER_SIDE} points a side.
 */
public final class SafetyRule implements SafetyCheck {

    /** Fraction of skin-tone pixels at or above which a person image is flagged, unless configured. */
    public static final double DEFAULT_SKIN_FRACTION = 0.6;

    static final int MAX_SAMPLES_PER_SIDE = 256;

    private final double skinFraction;

    /**
     * @param skinFraction fraction of skin-tone pixels, above 0 and at most 1, from which a person
     *     image is flagged
     */
    public SafetyRule(double skinFraction) {
        if (!(skinFraction > 0 && skinFraction <= 1)) {
            throw new IllegalArgumentException("the skin fraction must be above 0 and at most 1, got " + skinFraction);
        }
        this.skinFraction = skinFraction;
    }

    @Override
    public SafetyVerdict check(SafetyInput input) {
        return skinFraction(input.person()) >= skinFraction
                ? SafetyVerdict.flagged(SafetyCategory.SKIN_EXPOSURE)
                : SafetyVerdict.clear();
    }

    /** The fraction of the image's sampled pixels that have a skin tone. */
    static double skinFraction(BufferedImage image) {
        int columns = Math.min(image.getWidth(), MAX_SAMPLES_PER_SIDE);
        int rows = Math.min(image.getHeight(), MAX_SAMPLES_PER_SIDE);
        long skin = 0;
        for (int row = 0; row < rows; row++) {
            int y = (int) ((long) row * image.getHeight() / rows);
            for (int column = 0; column < columns; column++) {
                int x = (int) ((long) column * image.getWidth() / columns);
                if (isSkin(image.getRGB(x, y))) {
                    skin++;
                }
            }
        }
        return (double) skin / ((long) columns * rows);
    }

    static boolean isSkin(int argb) {
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        return r > 95 && g > 40 && b > 20 && max - min > 15 && Math.abs(r - g) > 15 && r > g && r > b;
    }
}
