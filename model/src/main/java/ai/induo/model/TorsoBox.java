package ai.induo.model;

/**
 * The region of the person image where a product is placed, in pixels.
 *
 * @param left   first column inside the box
 * @param top    first row inside the box
 * @param width  number of columns, at least 1
 * @param height number of rows, at least 1
 */
public record TorsoBox(int left, int top, int width, int height) {

    public TorsoBox {
        if (left < 0 || top < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("Invalid torso box: left=" + left + " top=" + top + " width=" + width
                    + " height=" + height);
        }
    }

    /** First column after the box. */
    public int right() {
        return left + width;
    }

    /** First row after the box. */
    public int bottom() {
        return top + height;
    }

    /** Whether pixel ({@code x}, {@code y}) lies inside the box. */
    public boolean contains(int x, int y) {
        return x >= left && x < right() && y >= top && y < bottom();
    }
}
