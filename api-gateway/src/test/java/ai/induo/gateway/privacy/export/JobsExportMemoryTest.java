package ai.induo.gateway.privacy.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobImage;
import ai.induo.common.job.JobStatus;
import ai.induo.common.job.JobTransition;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code jobs.jsonl} for 100k jobs in a JVM with a 48 MiB heap: the jobs are made one at a time and fed
 * through the same section code the database cursor feeds. Held all at once they would take several
 * times that heap, so buffering them anywhere (a list, the zip in memory) ends the child with an
 * OutOfMemoryError.
 */
class JobsExportMemoryTest {

    private static final int JOBS = 100_000;
    private static final int METADATA_ENTRIES = 10;

    @Test
    void theJobsOfAHugeAccountAreWrittenInAFlatHeap() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(java, "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), Child.class.getName())
                .redirectErrorStream(true)
                .start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("wrote " + JOBS + " lines");
    }

    /** The child JVM: writes the jobs file of {@link #JOBS} generated jobs to a sink that keeps nothing. */
    static final class Child {
        public static void main(String[] args) throws IOException {
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            GeneratedJobs jobs = new GeneratedJobs();
            try (ExportZip zip = new ExportZip(OutputStream.nullOutputStream(), mapper)) {
                new RecordSections().jobs(new AccountCursors()).write(jobs, zip);
            }
            System.out.println("wrote " + jobs.made + " lines");
        }
    }

    /** Jobs made as they are asked for, about 2 KiB each in memory. */
    private static final class GeneratedJobs implements Iterator<Job> {
        private int made;

        @Override
        public boolean hasNext() {
            return made < JOBS;
        }

        @Override
        public Job next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            made++;
            Instant created = Instant.ofEpochSecond(1_700_000_000L + made);
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < METADATA_ENTRIES; i++) {
                metadata.put("key_" + i, "value-" + made + "-" + "x".repeat(100));
            }
            return Job.builder()
                    .id("job_" + made)
                    .accountId("acct_memory")
                    .status(JobStatus.SUCCEEDED)
                    .model("tryon-v1")
                    .metadata(metadata)
                    .inputs(List.of(new JobImage(JobImage.Role.PERSON, "k/" + made, "image/png", 96, 128, 1000)))
                    .transitions(List.of(new JobTransition(null, JobStatus.QUEUED, created),
                            new JobTransition(JobStatus.QUEUED, JobStatus.RUNNING, created),
                            new JobTransition(JobStatus.RUNNING, JobStatus.SUCCEEDED, created)))
                    .createdAt(created)
                    .build();
        }
    }
}
