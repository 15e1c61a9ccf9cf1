package ai.induo.common.image;

/**
 * Upper bounds for an accepted image.
 *
 * @param maxBytes largest encoded size
 * @param maxPixels largest width × height, checked from the header before any decoding
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 25_000_000L;

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive: " + maxBytes + " bytes, "
                    + maxPixels + " pixels");
        }
    }

    /** 10 MiB and 25 million pixels. */
    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }
}
