package ai.induo.bench.floor;

import java.awt.image.BufferedImage;

/** Encoding the job's output, the person image's size, as PNG with the JDK's ImageIO as the platform does. */
final class PngEncodePart implements FloorPart {

    private final BufferedImage output;

    PngEncodePart(BufferedImage output) {
        this.output = output;
    }

    @Override
    public String name() {
        return "png_encode";
    }

    @Override
    public boolean onCallingThread() {
        return true;
    }

    @Override
    public void runOneJob() {
        JobInputs.png(output);
    }
}
