package ai.induo.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A section's scratch directory, emptied at the start of each run so no state of an earlier run is read. */
public final class ScratchDirectory {

    private ScratchDirectory() {
    }

    /** Deletes {@code directory} with everything in it, if it exists, and creates it empty. */
    public static Path fresh(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }
}
