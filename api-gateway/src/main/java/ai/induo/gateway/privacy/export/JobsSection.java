package ai.induo.gateway.privacy.export;

import ai.induo.common.job.Job;
import com.mongodb.client.MongoCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/** {@code jobs.jsonl}: every job of the account, one JSON line each. */
@ApplicationScoped
public class JobsSection implements ExportSection {

    static final String FILE = "jobs.jsonl";

    @Inject
    AccountCursors cursors;

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile(FILE, "Every try-on job, one JSON object per line: status, model, storage region, "
                + "your metadata, webhook_url, timings, attempts, every status change with its time, every error, and "
                + "what each input and output image was (type, size), without the images themselves.",
                "§1.2 user content (what was processed) and §1.3 metadata"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        try (MongoCursor<Job> jobs = cursors.jobs(accountId)) {
            write(jobs, zip);
        }
    }

    /** Writes {@code jobs} as they come: the same code whether they come from the database or elsewhere. */
    static void write(Iterator<Job> jobs, ExportZip zip) throws IOException {
        zip.jsonLines(FILE, jobs, ExportedJob::of);
    }
}
