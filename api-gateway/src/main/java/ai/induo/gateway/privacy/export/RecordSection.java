package ai.induo.gateway.privacy.export;

import com.mongodb.client.MongoCursor;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * A section of one file holding every record of one collection of the account, each as the API shows
 * it: a JSON array for a {@code .json} file, one line per record for a {@code .jsonl} file. The records
 * come from a cursor and are written as they come. {@link RecordSections} makes the built-in ones.
 *
 * @param <T> the stored record
 */
final class RecordSection<T> implements ExportSection {

    private final ExportFile file;
    private final Function<String, MongoCursor<T>> records;
    private final Function<? super T, ?> view;

    /**
     * @param records the account's records, by account id
     * @param view one record as the file shows it
     */
    RecordSection(ExportFile file, Function<String, MongoCursor<T>> records, Function<? super T, ?> view) {
        this.file = file;
        this.records = records;
        this.view = view;
    }

    @Override
    public List<ExportFile> files() {
        return List.of(file);
    }

    @Override
    public void write(String accountId, boolean includeImages, ExportZip zip) throws IOException {
        try (MongoCursor<T> cursor = records.apply(accountId)) {
            write(cursor, zip);
        }
    }

    /** Writes {@code items} as they come: the same code whether they come from the database or elsewhere. */
    void write(Iterator<T> items, ExportZip zip) throws IOException {
        if (file.name().endsWith(".jsonl")) {
            zip.jsonLines(file.name(), items, view);
        } else {
            zip.jsonArray(file.name(), items, view);
        }
    }
}
