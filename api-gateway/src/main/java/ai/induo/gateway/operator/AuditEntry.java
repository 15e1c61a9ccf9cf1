package ai.induo.gateway.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import org.bson.Document;

/**
 * One entry of the operator audit log ({@code operator_audit}), chained to the one before it: its
 * {@link #hash} is the SHA-256 of the previous entry's hash and this entry's fields, so changing or
 * removing an entry in the database breaks the chain at that point.
 *
 * @param seq its place in the log, from 1, with no gaps
 * @param at when it was recorded, to the millisecond (what MongoDB keeps)
 * @param operatorId the token id, or {@code cli:<OS user>}
 * @param operatorName the token's name
 * @param action what was done
 * @param accountDigest keyed digest of the account id, or null
 * @param emailDigest keyed digest of the email asked about, or null
 * @param outcome {@code ok} or an error code
 * @param detail a short note, or null
 * @param prevHash the previous entry's hash ({@link #GENESIS} for the first)
 * @param hash this entry's hash
 */
public record AuditEntry(long seq, Instant at, String operatorId, String operatorName, String action, String accountDigest,
        String emailDigest, String outcome, String detail, String prevHash, String hash) {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = new ObjectMapper();

    /** The entry after {@code prevHash} with these fields, hashed. */
    static AuditEntry chained(long seq, Instant at, String operatorId, String operatorName, String action, String accountDigest,
            String emailDigest, String outcome, String detail, String prevHash) {
        AuditEntry unhashed = new AuditEntry(seq, at, operatorId, operatorName, action, accountDigest, emailDigest, outcome,
                detail, prevHash, null);
        return new AuditEntry(seq, at, operatorId, operatorName, action, accountDigest, emailDigest, outcome, detail, prevHash,
                unhashed.expectedHash());
    }

    /** The hash this entry's fields and previous hash give; equal to {@link #hash} unless someone changed it. */
    public String expectedHash() {
        try {
            String fields = CANONICAL.writeValueAsString(Arrays.asList(seq, at.toString(), operatorId, operatorName, action,
                    accountDigest, emailDigest, outcome, detail));
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((prevHash + "\n" + fields).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit fields do not serialise", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    Document toDocument() {
        return new Document("_id", seq).append("at", Date.from(at)).append("operatorId", operatorId)
                .append("operatorName", operatorName).append("action", action).append("accountDigest", accountDigest)
                .append("emailDigest", emailDigest).append("outcome", outcome).append("detail", detail)
                .append("prevHash", prevHash).append("hash", hash);
    }

    static AuditEntry fromDocument(Document document) {
        Date at = document.getDate("at");
        return new AuditEntry(((Number) document.get("_id")).longValue(), at == null ? Instant.EPOCH : at.toInstant(),
                document.getString("operatorId"), document.getString("operatorName"), document.getString("action"),
                document.getString("accountDigest"), document.getString("emailDigest"), document.getString("outcome"),
                document.getString("detail"), document.getString("prevHash"), document.getString("hash"));
    }
}
