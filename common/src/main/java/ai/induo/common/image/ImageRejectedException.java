package ai.induo.common.image;

import java.util.Objects;

/** An image is not accepted; {@link #reason()} says why in a form an API error code can map to. */
public class ImageRejectedException extends Exception {

    /** Why an image was rejected. */
    public enum Reason {
        TOO_LARGE,
        UNSUPPORTED_FORMAT,
        TOO_MANY_PIXELS,
        CORRUPT
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
