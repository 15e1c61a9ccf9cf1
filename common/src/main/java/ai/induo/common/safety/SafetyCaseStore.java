package ai.induo.common.safety;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port for persisting safety cases and, apart from them, their links to accounts and jobs (MongoDB:
 * {@code safety_cases} and {@code safety_case_links}).
 */
public interface SafetyCaseStore {

    /** Stores a new case, then its link. */
    void insert(SafetyCase safetyCase, SafetyCaseLink link);

    Optional<SafetyCase> find(String caseId);

    /**
     * Up to {@code limit} cases whose id sorts after {@code afterCaseId} (null: from the first), in id
     * (creation) order, only those with {@code outcome} when given.
     */
    List<SafetyCase> list(Optional<SafetyOutcome> outcome, String afterCaseId, int limit);

    Optional<SafetyCaseLink> link(String caseId);

    /** Whether an open case links to this job, so that a job run twice opens one case. */
    boolean hasOpenCaseForJob(String jobId);

    /**
     * Sets the outcome of an open case and the day it was resolved; the case as it is then, or empty
     * when there is no open case with this id.
     */
    Optional<SafetyCase> resolve(String caseId, SafetyOutcome outcome, LocalDate on);

    void deleteLink(String caseId);

    /** Deletes the links of every case of the account; how many there were. */
    long deleteLinksOfAccount(String accountId);

    /** How many cases there are per category and outcome; pairs with none are left out. */
    Map<SafetyCategory, Map<SafetyOutcome, Long>> countByCategoryAndOutcome();
}
