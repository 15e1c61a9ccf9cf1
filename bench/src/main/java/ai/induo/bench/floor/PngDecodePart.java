package ai.induo.bench.floor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Decoding the job's two input PNGs to pixels, with the JDK's ImageIO as the platform does. */
final class PngDecodePart implements FloorPart {

    private final JobInputs inputs;

    PngDecodePart(JobInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public String name() {
        return "png_decode";
    }

    @Override
    public boolean onCallingThread() {
        return true;
    }

    @Override
    public void runOneJob() throws IOException {
        ImageIO.read(new ByteArrayInputStream(inputs.person()));
        ImageIO.read(new ByteArrayInputStream(inputs.product()));
    }
}
