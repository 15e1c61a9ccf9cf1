package ai.induo.common.safety;

/**
 * Port for judging whether a job's inputs look like unsafe use of the service (privacy policy §2.3).
 * The worker runs it on every job before inference; a flagged job still completes, and a
 * {@link SafetyCase} is opened for an operator to review. {@link SafetyRule} is the built-in,
 * deterministic placeholder; a real classifier implements the same port.
 */
@FunctionalInterface
public interface SafetyCheck {

    /** The verdict on one job's decoded inputs; never throws for an image it can read. */
    SafetyVerdict check(SafetyInput input);
}
