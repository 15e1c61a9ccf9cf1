package ai.induo.common.job;

import java.util.List;
import java.util.Optional;

/**
 * Where a job's images live in object storage and which is which. Every key of a job starts with
 * {@link #prefix}, so an account's or a job's objects can be listed and erased by prefix; the output
 * key is the same on every attempt, so a rare second run overwrites instead of adding an output.
 */
public final class JobImages {

    /** Media type of the generated image. */
    public static final String OUTPUT_CONTENT_TYPE = "image/png";

    private JobImages() {
    }

    /** The prefix of every object of the account. */
    public static String accountPrefix(String accountId) {
        return "accounts/" + accountId + "/";
    }

    /** The prefix of every job image of the account. */
    public static String jobsPrefix(String accountId) {
        return accountPrefix(accountId) + "jobs/";
    }

    /** The prefix of every object of the job. */
    public static String prefix(String accountId, String jobId) {
        return jobsPrefix(accountId) + jobId + "/";
    }

    /** The key of the job's person image. */
    public static String personKey(String accountId, String jobId) {
        return prefix(accountId, jobId) + "inputs/person";
    }

    /** The key of the job's product image at {@code index} (from 0). */
    public static String productKey(String accountId, String jobId, int index) {
        return prefix(accountId, jobId) + "inputs/product-" + index;
    }

    /** The key of the job's output image at {@code index} (from 0). */
    public static String outputKey(String accountId, String jobId, int index) {
        return prefix(accountId, jobId) + "outputs/" + index + ".png";
    }

    /** The job's person image; absent only on a malformed job. */
    public static Optional<JobImage> person(Job job) {
        return ofRole(job.inputs(), JobImage.Role.PERSON).stream().findFirst();
    }

    /** The job's product images, in the order submitted. */
    public static List<JobImage> products(Job job) {
        return ofRole(job.inputs(), JobImage.Role.PRODUCT);
    }

    private static List<JobImage> ofRole(List<JobImage> images, JobImage.Role role) {
        return images.stream().filter(image -> image.role() == role).toList();
    }
}
