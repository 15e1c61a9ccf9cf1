package ai.induo.gateway;

import ai.induo.common.job.JobImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files the gateway under test wrote to disk: the local object store and the HTTP upload directory. */
public final class StoredFiles {

    /** {@code %test.induo.store.local-root}. */
    public static final Path OBJECTS = Path.of("target/test-objects");
    /** {@code %test.quarkus.http.body.uploads-directory}. */
    public static final Path UPLOADS = Path.of("target/uploads");

    private StoredFiles() {
    }

    /** Every object, finished or half written, under the account's jobs. */
    public static List<Path> ofJobs(String accountId) {
        return under(OBJECTS.resolve(JobImages.jobsPrefix(accountId)));
    }

    /** Every regular file under {@code dir}; none when it does not exist. */
    public static List<Path> under(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
