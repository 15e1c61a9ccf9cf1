package ai.induo.gateway.privacy.export;

import ai.induo.common.crypto.EncryptedObjectStore;
import ai.induo.common.image.ImageFormat;
import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobStatus;
import ai.induo.common.store.ObjectNotFoundException;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code images/…}, only when asked for: every image still retained, decrypted as it is streamed from
 * the store into its entry. An image retention deleted meanwhile is left out.
 */
@ApplicationScoped
public class ImagesSection implements ExportSection {

    static final String FOLDER = "images/";

    @Inject
    AccountCursors cursors;

    @Inject
    EncryptedObjectStore objects;

    @Override
    public List<ExportFile> files() {
        String when = " Only with include_images=true, and only while retention keeps it.";
        return List.of(
                new ExportFile(FOLDER + "<job_id>/person.<ext>", "The person image of the job, as stored." + when,
                        "§1.2 user content"),
                new ExportFile(FOLDER + "<job_id>/product-<n>.<ext>", "The job's product images, from 1." + when,
                        "§1.2 user content"),
                new ExportFile(FOLDER + "<job_id>/output-<n>.png", "The images the job generated, from 1." + when,
                        "§1.2 user content"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        if (!includeImages) {
            return;
        }
        try (MongoCursor<Job> jobs = cursors.jobs(accountId)) {
            while (jobs.hasNext()) {
                write(jobs.next(), zip);
            }
        }
    }

    private void write(Job job, ExportZip zip) throws IOException {
        if (job.inputsDeletedAt() == null) {
            int product = 0;
            for (JobImage input : job.inputs()) {
                String name = input.role() == JobImage.Role.PERSON ? "person" : "product-" + ++product;
                copy(job, input, name, zip);
            }
        }
        if (job.status() == JobStatus.SUCCEEDED && job.outputsDeletedAt() == null) {
            for (int i = 0; i < job.outputs().size(); i++) {
                copy(job, job.outputs().get(i), "output-" + (i + 1), zip);
            }
        }
    }

    private void copy(Job job, JobImage image, String name, ExportZip zip) throws IOException {
        InputStream content;
        try {
            content = objects.open(job.accountId(), image.key());
        } catch (ObjectNotFoundException e) {
            return;
        }
        try (content) {
            zip.copy(FOLDER + job.id() + "/" + name + "." + extension(image.contentType()), content);
        }
    }

    private static String extension(String contentType) {
        return Arrays.stream(ImageFormat.values())
                .filter(format -> format.mediaType().equals(contentType))
                .findFirst()
                .map(format -> format == ImageFormat.JPEG ? "jpg" : format.name().toLowerCase(Locale.ROOT))
                .orElse("bin");
    }
}
