package ai.induo.gateway.training;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.nin;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import ai.induo.gateway.account.AccountRepository;
import ai.induo.platform.job.JobEntity;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The jobs a training set may draw on: succeeded, still within retention, of accounts not opted out. */
@ApplicationScoped
public class TrainingJobs implements PanacheMongoRepositoryBase<JobEntity, String> {

    @Inject
    AccountRepository accounts;

    /**
     * At most {@code limit} jobs that succeeded at or after {@code since} whose inputs and outputs
     * the retention sweeper has not deleted yet, of accounts that have not opted out of training.
     */
    public List<Job> eligible(Instant since, int limit) {
        List<String> optedOut = accounts.find("trainingOptOut", true).stream().map(account -> account.id).toList();
        return mongoCollection()
                .find(and(eq("status", JobStatus.SUCCEEDED.wireName()), gte("finishedAt", since),
                        eq("inputsDeletedAt", null), eq("outputsDeletedAt", null), nin("accountId", optedOut)))
                .limit(limit)
                .map(JobEntity::toJob)
                .into(new ArrayList<>());
    }
}
