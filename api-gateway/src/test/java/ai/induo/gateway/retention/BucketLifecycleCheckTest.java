package ai.induo.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start check of the bucket's lifecycle rule warns unless a Delete rule outlasts the longest retention. */
class BucketLifecycleCheckTest {

    private static final Duration LONGEST = Duration.ofHours(OutputRetentions.MAX_HOURS);

    @Test
    void aBucketWithoutADeleteRuleIsWarnedAbout() {
        assertThat(BucketLifecycleCheck.warning(List.of(), LONGEST)).hasValueSatisfying(warning ->
                assertThat(warning).contains("no lifecycle rule").contains("30 days"));
    }

    @Test
    void aDeleteRuleShorterThanTheLongestRetentionIsWarnedAbout() {
        assertThat(BucketLifecycleCheck.warning(List.of(Duration.ofDays(60), Duration.ofDays(7)), LONGEST))
                .hasValueSatisfying(warning -> assertThat(warning).contains("after 7 days"));
    }

    @Test
    void aDeleteRuleAtLeastAsLongAsTheLongestRetentionPasses() {
        assertThat(BucketLifecycleCheck.warning(List.of(Duration.ofDays(31)), LONGEST)).isEmpty();
        assertThat(BucketLifecycleCheck.warning(List.of(Duration.ofDays(30)), LONGEST)).isEmpty();
    }
}
