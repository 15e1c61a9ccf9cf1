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
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Usage totals of an account's jobs. The jobs created in the window are streamed through a cursor
 * with only the fields usage needs and summed here, which runs the same on every MongoDB-wire server
 * we use (mongo-java-server included). Should an account's volume make that slow, a {@code $group}
 * aggregation pipeline on MongoDB Atlas can replace it without changing the answer.
 *
 * <p>An answer holds at most {@link #MAX_GROUPS} groups, the first after the query's
 * {@code starting_after} in group order, and says whether more follow; memory stays bounded by that
 * many groups however many distinct values the jobs have. Once that many are held, a job of a group
 * past the last one held is skipped, and one of a group before it takes the place of the last group,
 * so the groups held at the end are the first ones with all their jobs counted: a group dropped was
 * past every group held then, and so past every group held later.
 *
 * <p>Jobs whose records were removed after their retention are counted from {@link UsageAggregates}, by
 * whole UTC days: such a day counts when it starts in the window.
 */
@ApplicationScoped
public class UsageRepository implements PanacheMongoRepositoryBase<JobEntity, String> {

    /** The most groups one answer holds. */
    public static final int MAX_GROUPS = 1000;

    /** One page of usage groups, sorted by group (null first), and whether groups after them have jobs. */
    public record UsagePage(List<UsageGroup> groups, boolean hasMore) {
    }

    @Inject
    UsageAggregates aggregates;

    /**
     * The account's usage in the query's window and grouping: the first {@link #MAX_GROUPS} groups after its
     * cursor, over the live jobs and the aggregates of the jobs whose records were removed after their retention.
     */
    public UsagePage summarize(String accountId, UsageQuery query) {
        Tally tally = new Tally(query);
        Set<String> aggregated = aggregates.summarize(accountId, query, tally);
        try (MongoCursor<Job> cursor = mongoCollection()
                .find(and(eq("accountId", accountId), gte("createdAt", query.from()), lt("createdAt", query.to())))
                .projection(Projections.include("accountId", "status", "createdAt", "startedAt", "finishedAt", "metadata",
                        "outputs"))
                .map(JobEntity::toJob)
                .iterator()) {
            while (cursor.hasNext()) {
                Job job = cursor.next();
                if (aggregated.contains(job.id())) {
                    continue;
                }
                UsageGroup figures = new UsageGroup(query.groupOf(job));
                figures.add(job);
                tally.accept(figures);
            }
        }
        return new UsagePage(new ArrayList<>(tally.groups.values()), tally.hasMore);
    }

    /** The groups held so far, bounded as the class describes; each piece of figures counts whole to its group. */
    private static final class Tally implements Consumer<UsageGroup> {
        private final UsageQuery query;
        private final TreeMap<String, UsageGroup> groups = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        private boolean hasMore;

        Tally(UsageQuery query) {
            this.query = query;
        }

        @Override
        public void accept(UsageGroup figures) {
            String group = figures.group();
            if (!query.isAfterCursor(group)) {
                return;
            }
            if (!groups.containsKey(group) && groups.size() == MAX_GROUPS) {
                hasMore = true;
                if (groups.comparator().compare(group, groups.lastKey()) > 0) {
                    return;
                }
                groups.pollLastEntry();
            }
            groups.computeIfAbsent(group, UsageGroup::new).addAll(figures);
        }
    }
}
