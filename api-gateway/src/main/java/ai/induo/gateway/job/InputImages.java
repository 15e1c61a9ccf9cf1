package ai.induo.gateway.job;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.image.ExifOrientation;
import ai.induo.common.image.ImageCodec;
import ai.induo.common.image.ImageFormat;
import ai.induo.common.image.ImageInfo;
import ai.induo.common.image.ImageInspector;
import ai.induo.common.image.ImageLimits;
import ai.induo.common.image.ImageRejectedException;
import ai.induo.common.image.MetadataStripper;
import ai.induo.common.job.JobImage;
import ai.induo.gateway.config.GatewayConfig;
import ai.induo.gateway.limit.CappedInputStream;
import ai.induo.gateway.problem.ApiException;
import ai.induo.gateway.problem.ErrorCodes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores a submission's input images as they arrive, carrying nothing but their pixels: each upload
 * streams through {@link MetadataStripper} (no EXIF, GPS, XMP, ICC profile, comment or text chunk
 * reaches storage) into encrypted storage, refused at once past the byte limit, then is checked
 * (format, header dimensions, structure): from a copy of what was stored kept in memory while it was
 * written, when it is at most {@link #MAX_COPY_BYTES}, else read back from storage. A JPEG whose EXIF said it was stored turned or
 * mirrored is decoded, turned upright and re-encoded before anything reads it, since its EXIF no
 * longer says so. The recorded size, dimensions and type are those of the stored image.
 */
@ApplicationScoped
public class InputImages {

    /**
     * The largest image checked from its in-memory copy rather than read back and decrypted from
     * storage: the images of most submissions, while a request holds no more than this per image.
     */
    static final int MAX_COPY_BYTES = 1024 * 1024;

    @Inject
    GatewayConfig config;

    @Inject
    EncryptedObjectStore objects;

    private ImageLimits limits;
    private ImageInspector inspector;

    @PostConstruct
    void init() {
        limits = new ImageLimits(config.uploads().maxImageBytes(), config.uploads().maxImagePixels());
        inspector = new ImageInspector(limits);
    }

    /** The refusal of an image over the byte limit, naming its field. */
    public ApiException imageTooLarge(String field) {
        return ApiException.payloadTooLarge(field + ": image is larger than " + config.uploads().maxImageBytes() + " bytes.");
    }

    /**
     * Stores {@code content} for the account under {@code key}, stripped and upright, and describes
     * it; the request field {@code field} names it in refusals. The stripper stops reading where the
     * image ends; what follows is read too and thrown away, so the byte limit counts every byte sent. On a refusal something may be stored
     * under {@code key}: the caller deletes it.
     */
    public JobImage store(String accountId, JobImage.Role role, String key, String field, InputStream content) {
        CappedInputStream capped = new CappedInputStream(content, config.uploads().maxImageBytes(),
                () -> imageTooLarge(field));
        MetadataStripper stripper = new MetadataStripper(capped);
        AtomicReference<InspectionCopy> written = new AtomicReference<>();
        try {
            objects.put(accountId, key, out -> {
                InspectionCopy copy = new InspectionCopy(out, MAX_COPY_BYTES);
                written.set(copy);
                stripper.writeTo(copy);
                capped.transferTo(OutputStream.nullOutputStream());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("storing " + field + " under " + key + " failed", e);
        }
        ImageInfo info;
        try {
            Optional<byte[]> copy = written.get().copy();
            info = copy.isPresent() ? inspector.inspect(copy.get()) : inspectStored(accountId, key, stripper.bytesWritten());
        } catch (ImageRejectedException e) {
            throw rejection(field, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading back " + field + " under " + key + " failed", e);
        }
        if (stripper.orientation() != ExifOrientation.NORMAL) {
            return storeUpright(accountId, role, key, field, stripper.orientation());
        }
        return new JobImage(role, key, info.format().mediaType(), info.width(), info.height(), stripper.bytesWritten());
    }

    /** Inspects the image stored under {@code key}, decrypted as it is read. */
    private ImageInfo inspectStored(String accountId, String key, long size) throws ImageRejectedException, IOException {
        try (InputStream stored = objects.open(accountId, key)) {
            return inspector.inspect(stored, size);
        }
    }

    /** Replaces the stored JPEG under {@code key} by its pixels turned upright, within the upload limits. */
    private JobImage storeUpright(String accountId, JobImage.Role role, String key, String field,
            ExifOrientation orientation) {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        BufferedImage upright;
        try (InputStream stored = objects.open(accountId, key)) {
            upright = orientation.apply(ImageCodec.decode(stored, limits));
            ImageCodec.writeJpeg(upright, jpeg);
        } catch (ImageRejectedException e) {
            throw rejection(field, e);
        } catch (IOException e) {
            throw new UncheckedIOException("turning " + field + " under " + key + " upright failed", e);
        }
        if (jpeg.size() > config.uploads().maxImageBytes()) {
            throw ApiException.payloadTooLarge(field + ": image is larger than " + config.uploads().maxImageBytes()
                    + " bytes once turned upright.");
        }
        try {
            objects.put(accountId, key, jpeg::writeTo);
        } catch (IOException e) {
            throw new UncheckedIOException("storing " + field + " upright under " + key + " failed", e);
        }
        return new JobImage(role, key, ImageFormat.JPEG.mediaType(), upright.getWidth(), upright.getHeight(), jpeg.size());
    }

    private static ApiException rejection(String field, ImageRejectedException e) {
        String detail = field + ": " + e.getMessage();
        return switch (e.reason()) {
            case TOO_LARGE -> ApiException.payloadTooLarge(detail);
            case UNSUPPORTED_FORMAT -> new ApiException(Response.Status.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    detail + " (accepted: JPEG, PNG, WebP)");
            case TOO_MANY_PIXELS -> ApiException.unprocessable(ErrorCodes.IMAGE_TOO_LARGE, detail);
            case CORRUPT -> ApiException.unprocessable(ErrorCodes.INVALID_IMAGE, detail);
        };
    }
}
