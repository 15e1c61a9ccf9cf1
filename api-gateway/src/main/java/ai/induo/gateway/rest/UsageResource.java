package ai.induo.gateway.rest;

import ai.induo.common.job.JobStatus;
import ai.induo.gateway.account.Scope;
import ai.induo.gateway.auth.CurrentCaller;
import ai.induo.gateway.auth.RequiresScope;
import ai.induo.gateway.usage.UsageGroup;
import ai.induo.gateway.usage.UsageQuery;
import ai.induo.gateway.usage.UsageRepository;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The caller's usage: jobs, output images and model seconds in a time window, grouped. */
@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ACCOUNT_ADMIN)
public class UsageResource {

    @Inject
    UsageRepository usage;

    @Inject
    CurrentCaller caller;

    @Inject
    Clock clock;

    /** The usage report as answered. */
    public record UsageView(
            @JsonProperty("object") String object,
            @JsonProperty("from") Instant from,
            @JsonProperty("to") Instant to,
            @JsonProperty("group_by") String groupBy,
            @JsonProperty("data") List<UsageGroupView> data) {
    }

    /** One group of the report. */
    public record UsageGroupView(
            @JsonProperty("group") String group,
            @JsonProperty("jobs") JobCounts jobs,
            @JsonProperty("output_images") long outputImages,
            @JsonProperty("model_seconds") double modelSeconds) {

        static UsageGroupView of(UsageGroup group) {
            return new UsageGroupView(group.group(), JobCounts.of(group), group.outputImages(), group.modelSeconds());
        }
    }

    /** Jobs of one group per status. */
    public record JobCounts(
            @JsonProperty("queued") long queued,
            @JsonProperty("running") long running,
            @JsonProperty("succeeded") long succeeded,
            @JsonProperty("failed") long failed,
            @JsonProperty("cancelled") long cancelled,
            @JsonProperty("expired") long expired,
            @JsonProperty("total") long total) {

        static JobCounts of(UsageGroup group) {
            return new JobCounts(group.jobs(JobStatus.QUEUED), group.jobs(JobStatus.RUNNING),
                    group.jobs(JobStatus.SUCCEEDED), group.jobs(JobStatus.FAILED), group.jobs(JobStatus.CANCELLED),
                    group.jobs(JobStatus.EXPIRED), group.totalJobs());
        }
    }

    /** Usage of the caller's jobs created in {@code [from, to)}, grouped by {@code group_by}. */
    @GET
    public UsageView get(@Context UriInfo uri) {
        UsageQuery query = UsageQuery.parse(uri.getQueryParameters(), clock.instant());
        List<UsageGroupView> data = usage.summarize(caller.accountId(), query).stream().map(UsageGroupView::of).toList();
        return new UsageView("usage", query.from(), query.to(), query.groupBy(), data);
    }
}
