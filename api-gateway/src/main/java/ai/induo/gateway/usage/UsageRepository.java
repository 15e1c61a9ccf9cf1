package ai.induo.gateway.usage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import ai.induo.common.job.Job;
import ai.induo.platform.job.JobEntity;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Projections;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage totals of an account's jobs. The jobs created in the window are streamed through a cursor
 * with only the fields usage needs and summed here, which runs the same on every MongoDB-wire server
 * we use (mongo-java-server included). Should an account's volume make that slow, a {@code $group}
 * aggregation pipeline on MongoDB Atlas can replace it without changing the answer.
 */
@ApplicationScoped
public class UsageRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    /** The account's usage in the query's window and grouping, sorted by group (null first). */
    public List<UsageGroup> summarize(String accountId, UsageQuery query) {
        Map<String, UsageGroup> groups = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        try (MongoCursor<Job> cursor = mongoCollection()
                .find(and(eq("accountId", accountId), gte("createdAt", query.from()), lt("createdAt", query.to())))
                .projection(Projections.include("accountId", "status", "createdAt", "startedAt", "finishedAt", "metadata",
                        "outputs"))
                .map(JobEntity::toJob)
                .iterator()) {
            while (cursor.hasNext()) {
                Job job = cursor.next();
                String group = query.groupOf(job);
                groups.computeIfAbsent(group, UsageGroup::new).add(job);
            }
        }
        return new ArrayList<>(groups.values());
    }
}
