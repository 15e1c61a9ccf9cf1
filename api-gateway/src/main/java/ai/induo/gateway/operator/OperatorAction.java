package ai.induo.gateway.operator;

/**
 * One thing an operator did, as {@link OperatorAudit#record} appends it: who, what, which account,
 * how it ended. The account is named by its id or, when none was found, by the email asked about;
 * the audit log keeps a keyed digest of either, never the clear value.
 *
 * @param operator who acted
 * @param action what they did, a fixed name such as {@code account.export}
 * @param accountId the account it concerned, or null
 * @param accountEmail the email it concerned when no account id is known, or null
 * @param outcome {@code ok}, or the error code it ended with
 * @param detail a short note without personal data (a receipt id, a count), or null
 */
public record OperatorAction(Operator operator, String action, String accountId, String accountEmail, String outcome,
        String detail) {

    /** The outcome of an action that did what was asked. */
    public static final String OK = "ok";

    /** An action by this operator that concerned no account and ended well. */
    public static OperatorAction of(Operator operator, String action) {
        return new OperatorAction(operator, action, null, null, OK, null);
    }

    public OperatorAction onAccount(String id) {
        return new OperatorAction(operator, action, id, accountEmail, outcome, detail);
    }

    public OperatorAction onEmail(String email) {
        return new OperatorAction(operator, action, accountId, email, outcome, detail);
    }

    public OperatorAction withOutcome(String newOutcome) {
        return new OperatorAction(operator, action, accountId, accountEmail, newOutcome, detail);
    }

    public OperatorAction withDetail(String newDetail) {
        return new OperatorAction(operator, action, accountId, accountEmail, outcome, newDetail);
    }
}
