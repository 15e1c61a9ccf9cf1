package ai.induo.gateway.privacy.erasure;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One account erasure and its progress: collection {@code erasures}. Holds no personal data: the
 * account id only while the erasure runs, then just the receipt (id, times, counts per kind).
 */
@MongoEntity(collection = "erasures")
public class ErasureEntity {

    @BsonId
    public String id;
    /** The account being erased; removed when the erasure is completed. */
    public String accountId;
    /** {@link ErasureReceipt.Status#wireName()}. */
    public String status;
    public Instant requestedAt;
    public Instant finishedAt;
    /** The steps that are done, in the order they finished. */
    public List<StepDone> steps = new ArrayList<>();
    /** The gateway running the erasure holds it until then; null when none does. */
    public Instant leaseUntil;
    /** Runs that failed part-way. */
    public int failures;
    /** The step and the exception class of the last failure (never its message, which may name the account). */
    public String lastFailure;

    /** Whether the step with this name is done. */
    boolean isDone(String step) {
        return steps.stream().anyMatch(done -> done.name.equals(step));
    }

    /** What every finished step erased, added up per kind. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        steps.forEach(done -> done.counts.forEach((kind, count) -> counts.merge(kind, count, Long::sum)));
        return counts;
    }

    ErasureReceipt receipt() {
        ErasureReceipt.Status state = ErasureReceipt.Status.COMPLETED.wireName().equals(status)
                ? ErasureReceipt.Status.COMPLETED : ErasureReceipt.Status.IN_PROGRESS;
        return new ErasureReceipt(id, state, requestedAt, Optional.ofNullable(finishedAt), counts());
    }

    /** A finished step and what it erased. */
    public static class StepDone {
        public String name;
        public Instant at;
        public Map<String, Long> counts = new LinkedHashMap<>();

        public StepDone() {
        }

        StepDone(String name, Instant at, Map<String, Long> counts) {
            this.name = name;
            this.at = at;
            this.counts = new LinkedHashMap<>(counts);
        }
    }
}
