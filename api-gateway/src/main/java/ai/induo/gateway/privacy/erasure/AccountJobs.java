package ai.induo.gateway.privacy.erasure;

import ai.induo.common.job.Job;
import ai.induo.gateway.job.JobListRepository;
import java.util.List;
import org.bson.conversions.Bson;

/** Walks an account's jobs a page at a time, so an account with many jobs never sits whole in memory. */
final class AccountJobs {

    private static final int PAGE = 100;

    private AccountJobs() {
    }

    /** What is done with each job. */
    @FunctionalInterface
    interface JobAction<E extends Exception> {
        void apply(Job job) throws E;
    }

    /** Applies {@code action} to every job of the account matching {@code filter}, newest first. */
    static <E extends Exception> void forEach(JobListRepository jobs, String accountId, Bson filter, JobAction<E> action) throws E {
        String after = null;
        List<Job> page;
        do {
            page = jobs.listForAccount(accountId, filter, after, PAGE);
            for (Job job : page) {
                action.apply(job);
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
    }
}
