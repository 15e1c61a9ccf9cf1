package ai.induo.gateway.account;

/**
 * A correction of an account: each field null when left out. {@code setsOutputRetention} tells an
 * {@code outputRetentionHours} of null that resets to the platform default from one left out.
 */
public record AccountChanges(String name, String email, Boolean trainingOptOut,
                             boolean setsOutputRetention, Integer outputRetentionHours) {
}
