package ai.induo.gateway.webhook;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;

import ai.induo.common.crypto.MasterWrappedSecret;
import ai.induo.common.crypto.MasterWrappedStore;
import ai.induo.common.crypto.WrappedSecret;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * The webhook signing secrets ({@link SigningSecret} lists) that one collection keeps in one field,
 * the accounts' {@code webhookSecrets} or the endpoints' {@code secrets}, as a master-key rotation
 * walks and re-wraps them: the one place that reads them across accounts. Each is wrapped under the
 * context its document's id names, as {@link SigningSecrets} wraps it.
 */
public final class StoredSigningSecrets implements MasterWrappedStore {

    private static final String WRAPPED = "wrapped";
    private static final String MASTER_KEY_ID = "masterKeyId";

    private final String name;
    private final MongoCollection<Document> documents;
    private final String field;
    private final Function<String, String> context;

    /**
     * @param context the context a document's secrets are wrapped under, from its id
     */
    public StoredSigningSecrets(String name, MongoCollection<?> collection, String field, Function<String, String> context) {
        this.name = Objects.requireNonNull(name, "name");
        this.documents = collection.withDocumentClass(Document.class);
        this.field = Objects.requireNonNull(field, "field");
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public String name() {
        return name;
    }

    /** Documents without a secret are left out, so a page is empty only past the last document. */
    @Override
    public List<MasterWrappedSecret> page(String afterDocumentId, int limit) {
        Bson withSecrets = exists(field + ".0");
        Bson filter = afterDocumentId == null ? withSecrets : and(gt("_id", afterDocumentId), withSecrets);
        List<MasterWrappedSecret> secrets = new ArrayList<>();
        for (Document document : documents.find(filter).sort(Sorts.ascending("_id")).limit(limit)) {
            String id = document.getString("_id");
            byte[] associatedData = context.apply(id).getBytes(StandardCharsets.UTF_8);
            for (Document secret : document.getList(field, Document.class)) {
                secrets.add(new MasterWrappedSecret(id, new WrappedSecret(secret.getString(MASTER_KEY_ID),
                        secret.get(WRAPPED, Binary.class).getData()), associatedData));
            }
        }
        return secrets;
    }

    /** Replaces the one secret of the document whose wrapped bytes are the expected ones. */
    @Override
    public boolean replace(MasterWrappedSecret secret, WrappedSecret rewrapped) {
        WrappedSecret expected = secret.wrapped();
        return documents.updateOne(
                        and(eq("_id", secret.documentId()), elemMatch(field,
                                and(eq(MASTER_KEY_ID, expected.masterKeyId()), eq(WRAPPED, expected.ciphertext())))),
                        Updates.combine(Updates.set(field + ".$." + MASTER_KEY_ID, rewrapped.masterKeyId()),
                                Updates.set(field + ".$." + WRAPPED, rewrapped.ciphertext())))
                .getModifiedCount() == 1;
    }
}
