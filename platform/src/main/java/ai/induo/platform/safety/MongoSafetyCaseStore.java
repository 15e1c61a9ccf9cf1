package ai.induo.platform.safety;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import ai.induo.common.safety.SafetyCase;
import ai.induo.common.safety.SafetyCaseLink;
import ai.induo.common.safety.SafetyCaseStore;
import ai.induo.common.safety.SafetyCategory;
import ai.induo.common.safety.SafetyOutcome;
import ai.induo.common.safety.SafetySource;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link SafetyCaseStore} on MongoDB: cases in {@code safety_cases}, links apart in {@code safety_case_links}. */
@ApplicationScoped
public class MongoSafetyCaseStore implements SafetyCaseStore {

    @Inject
    SafetyCaseRepository cases;

    @Inject
    SafetyCaseLinkRepository links;

    @Override
    public void insert(SafetyCase safetyCase, SafetyCaseLink link) {
        cases.persist(toEntity(safetyCase));
        SafetyCaseLinkEntity entity = new SafetyCaseLinkEntity();
        entity.caseId = link.caseId();
        entity.accountId = link.accountId();
        entity.jobId = link.jobId();
        links.persist(entity);
    }

    @Override
    public Optional<SafetyCase> find(String caseId) {
        return cases.findByIdOptional(caseId).map(MongoSafetyCaseStore::toCase);
    }

    @Override
    public List<SafetyCase> list(Optional<SafetyOutcome> outcome, String afterCaseId, int limit) {
        List<Bson> filters = new ArrayList<>();
        outcome.ifPresent(wanted -> filters.add(eq("outcome", wanted.wireName())));
        if (afterCaseId != null) {
            filters.add(gt("_id", afterCaseId));
        }
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        return cases.mongoCollection().find(filter).sort(Sorts.ascending("_id")).limit(limit)
                .map(MongoSafetyCaseStore::toCase).into(new ArrayList<>());
    }

    @Override
    public Optional<SafetyCaseLink> link(String caseId) {
        return links.findByIdOptional(caseId).map(entity -> new SafetyCaseLink(entity.caseId, entity.accountId, entity.jobId));
    }

    @Override
    public boolean hasOpenCaseForJob(String jobId) {
        List<String> caseIds = links.mongoCollection().find(eq("jobId", jobId)).map(entity -> entity.caseId)
                .into(new ArrayList<>());
        return !caseIds.isEmpty()
                && cases.mongoCollection().countDocuments(and(in("_id", caseIds), eq("outcome", SafetyOutcome.OPEN.wireName()))) > 0;
    }

    @Override
    public Optional<SafetyCase> resolve(String caseId, SafetyOutcome outcome, LocalDate on) {
        return Optional.ofNullable(cases.mongoCollection().findOneAndUpdate(
                        and(eq("_id", caseId), eq("outcome", SafetyOutcome.OPEN.wireName())),
                        Updates.combine(Updates.set("outcome", outcome.wireName()), Updates.set("resolvedOn", on.toString())),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .map(MongoSafetyCaseStore::toCase);
    }

    @Override
    public void deleteLink(String caseId) {
        links.deleteById(caseId);
    }

    @Override
    public long deleteLinksOfAccount(String accountId) {
        return links.mongoCollection().deleteMany(eq("accountId", accountId)).getDeletedCount();
    }

    @Override
    public Map<SafetyCategory, Map<SafetyOutcome, Long>> countByCategoryAndOutcome() {
        Map<SafetyCategory, Map<SafetyOutcome, Long>> counts = new EnumMap<>(SafetyCategory.class);
        cases.mongoCollection().aggregate(List.of(
                        Aggregates.group(new Document("category", "$category").append("outcome", "$outcome"),
                                Accumulators.sum("count", 1))), Document.class)
                .forEach(row -> {
                    Document key = row.get("_id", Document.class);
                    counts.computeIfAbsent(SafetyCategory.valueOf(key.getString("category").toUpperCase(Locale.ROOT)),
                                    category -> new EnumMap<>(SafetyOutcome.class))
                            .put(SafetyOutcome.valueOf(key.getString("outcome").toUpperCase(Locale.ROOT)),
                                    row.get("count", Number.class).longValue());
                });
        return counts;
    }

    private static SafetyCaseEntity toEntity(SafetyCase safetyCase) {
        SafetyCaseEntity entity = new SafetyCaseEntity();
        entity.id = safetyCase.id();
        entity.category = safetyCase.category().wireName();
        entity.source = safetyCase.source().wireName();
        entity.outcome = safetyCase.outcome().wireName();
        entity.createdOn = safetyCase.createdOn().toString();
        entity.objects = safetyCase.objects();
        entity.resolvedOn = safetyCase.resolvedOn() == null ? null : safetyCase.resolvedOn().toString();
        return entity;
    }

    private static SafetyCase toCase(SafetyCaseEntity entity) {
        return new SafetyCase(entity.id, SafetyCategory.valueOf(entity.category.toUpperCase(Locale.ROOT)),
                SafetySource.valueOf(entity.source.toUpperCase(Locale.ROOT)),
                SafetyOutcome.valueOf(entity.outcome.toUpperCase(Locale.ROOT)), LocalDate.parse(entity.createdOn),
                entity.objects == null ? List.of() : entity.objects,
                entity.resolvedOn == null ? null : LocalDate.parse(entity.resolvedOn));
    }
}
