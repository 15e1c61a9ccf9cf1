package ai.induo.gateway.privacy.export;

import ai.induo.gateway.rest.UsageResource.UsageGroupView;
import ai.induo.gateway.usage.UsageGroup;
import ai.induo.gateway.usage.UsageQuery;
import ai.induo.gateway.usage.UsageRepository;
import ai.induo.gateway.usage.UsageRepository.UsagePage;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code usage.json}: the account's usage over all its jobs, per UTC day and per status, summed as
 * {@code GET /v1/usage} sums it. It holds one entry per day, never one per job.
 */
@ApplicationScoped
public class UsageSection implements ExportSection {

    @Inject
    UsageRepository usage;

    @Inject
    Clock clock;

    /** The usage file. */
    record ExportedUsage(
            @JsonProperty("to") Instant to,
            @JsonProperty("by_day") List<UsageGroupView> byDay,
            @JsonProperty("by_status") List<UsageGroupView> byStatus) {
    }

    @Override
    public List<ExportFile> files() {
        return List.of(new ExportFile("usage.json", "Your usage over every job, also those whose records were "
                + "deleted: jobs per status, output images and model seconds, per UTC day (by_day) and per status "
                + "(by_status).", "§1.3 metadata"));
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        Instant to = clock.instant().plus(Duration.ofMillis(1));
        zip.json("usage.json", new ExportedUsage(to, groups(accountId, to, "day"), groups(accountId, to, "status")));
    }

    private List<UsageGroupView> groups(String accountId, Instant to, String groupBy) {
        List<UsageGroupView> groups = new ArrayList<>();
        String startingAfter = null;
        UsagePage page;
        do {
            page = usage.summarize(accountId, new UsageQuery(Instant.EPOCH, to, groupBy, startingAfter));
            List<UsageGroup> found = page.groups();
            found.forEach(group -> groups.add(UsageGroupView.of(group)));
            startingAfter = found.isEmpty() ? null : found.get(found.size() - 1).group();
        } while (page.hasMore());
        return groups;
    }
}
