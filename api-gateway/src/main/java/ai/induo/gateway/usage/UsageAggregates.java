package ai.induo.gateway.usage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import ai.induo.common.job.Job;
import ai.induo.common.job.JobStatus;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import ai.induo.platform.job.JobEntity;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * The {@code usage_aggregates} collection: the usage figures of job records removed after their
 * retention, summed per account, UTC day of creation, status and group. The group is {@code all} (no
 * {@code key}) or one metadata key/value pair, so usage grouped by day, status or any metadata key
 * can still be answered for those jobs.
 *
 * <p>Adding a job is idempotent without transactions: each document's update is guarded by the job id
 * not being in its {@code pending} list, and pushes it there; the job's id leaves the lists
 * ({@link #release}) only after the job document is gone, so a sweep that stopped part-way and runs
 * again counts every job once. The {@code all} aggregate is updated last: a job in its guard is in
 * every aggregate, and usage skips its record while it is still stored.
 */
@ApplicationScoped
public class UsageAggregates implements PanacheMongoRepositoryBase<JobEntity, String> {

    static final String COLLECTION = "usage_aggregates";

    /** Adds the job's figures to every aggregate it belongs to, skipping those that already hold it. */
    public void add(Job job) {
        LocalDate day = job.createdAt().atOffset(ZoneOffset.UTC).toLocalDate();
        Duration model = UsageGroup.modelTime(job);
        for (Map.Entry<String, String> group : groups(job)) {
            Document key = new Document("accountId", job.accountId()).append("day", day.toString())
                    .append("dayStart", day.atStartOfDay(ZoneOffset.UTC).toInstant())
                    .append("status", job.status().wireName()).append("key", group.getKey()).append("value", group.getValue());
            try {
                aggregates().updateOne(and(eq("_id", id(key)), ne("pending", job.id())), Updates.combine(
                        Updates.setOnInsert(key),
                        Updates.inc("jobs", 1L),
                        Updates.inc("outputImages", (long) job.outputs().size()),
                        Updates.inc("modelNanos", model.toNanos()),
                        Updates.push("pending", job.id())), new UpdateOptions().upsert(true));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
    }

    /** Takes the job's id out of the guards of its aggregates, once its document is deleted. */
    public void release(Job job) {
        aggregates().updateMany(and(eq("accountId", job.accountId()), eq("pending", job.id())),
                Updates.pull("pending", job.id()));
    }

    /**
     * Feeds the account's aggregates of days starting in the query's window to {@code tally}: grouped by
     * day or status, the {@code all} aggregates; by a metadata key, that key's aggregates under their
     * value, and the rest of the {@code all} figures (jobs without the key) under {@code null}. Returns the ids
     * of the jobs these aggregates already count whose records may not be deleted yet, for the caller to skip.
     */
    Set<String> summarize(String accountId, UsageQuery query, Consumer<UsageGroup> tally) {
        Set<String> counted = new HashSet<>();
        String metadataKey = query.groupBy().startsWith(UsageQuery.METADATA_PREFIX)
                ? query.groupBy().substring(UsageQuery.METADATA_PREFIX.length()) : null;
        UsageGroup withoutKey = new UsageGroup(null);
        try (MongoCursor<Document> cursor = aggregates().find(and(eq("accountId", accountId),
                gte("dayStart", query.from()), lt("dayStart", query.to()),
                in("key", Arrays.asList(null, metadataKey)))).iterator()) {
            while (cursor.hasNext()) {
                Document aggregate = cursor.next();
                JobStatus status = JobStatus.fromWireName(aggregate.getString("status"));
                long jobs = aggregate.getLong("jobs");
                long outputs = aggregate.getLong("outputImages");
                Duration model = Duration.ofNanos(aggregate.getLong("modelNanos"));
                boolean all = aggregate.getString("key") == null;
                if (all) {
                    counted.addAll(aggregate.getList("pending", String.class, List.of()));
                }
                if (metadataKey == null) {
                    String group = query.groupBy().equals("day") ? aggregate.getString("day") : status.wireName();
                    tally.accept(figures(group, status, jobs, outputs, model));
                } else if (all) {
                    withoutKey.add(status, jobs, outputs, model);
                } else {
                    withoutKey.add(status, -jobs, -outputs, model.negated());
                    tally.accept(figures(aggregate.getString("value"), status, jobs, outputs, model));
                }
            }
        }
        if (withoutKey.totalJobs() > 0) {
            tally.accept(withoutKey);
        }
        return counted;
    }

    private static UsageGroup figures(String group, JobStatus status, long jobs, long outputs, Duration model) {
        UsageGroup figures = new UsageGroup(group);
        figures.add(status, jobs, outputs, model);
        return figures;
    }

    /**
     * The job's groups: one per metadata pair, then {@code all} (a null key), so that a job in an
     * {@code all} guard has been added to every aggregate.
     */
    private static List<Map.Entry<String, String>> groups(Job job) {
        List<Map.Entry<String, String>> groups = new ArrayList<>(job.metadata().entrySet());
        groups.add(new SimpleImmutableEntry<>(null, null));
        return groups;
    }

    /** The aggregate's id: account ids hold no {@code :}, and the key's length bounds it within the pair. */
    private static String id(Document key) {
        String group = key.getString("key") == null ? "all"
                : key.getString("key").length() + ":" + key.getString("key") + "=" + key.getString("value");
        return key.getString("accountId") + ":" + key.getString("day") + ":" + key.getString("status") + ":" + group;
    }

    private MongoCollection<Document> aggregates() {
        return mongoDatabase().getCollection(COLLECTION);
    }
}
