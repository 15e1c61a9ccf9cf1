package ai.induo.common.image;

import java.util.Objects;

/**
 * What an accepted image is, as read from its header.
 *
 * @param format the format its bytes are in
 * @param width width in pixels
 * @param height height in pixels
 */
public record ImageInfo(ImageFormat format, int width, int height) {

    public ImageInfo {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + width + "x" + height);
        }
    }

    public long pixels() {
        return (long) width * height;
    }
}
