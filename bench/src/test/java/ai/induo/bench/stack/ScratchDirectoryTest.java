package ai.induo.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {

    @Test
    void emptiesWhatAnEarlierRunLeftAndMakesAMissingDirectory(@TempDir Path temp) throws IOException {
        Path earlier = Files.createDirectories(temp.resolve("floor/database"));
        Files.writeString(earlier.resolve("floor.mv"), "old state");

        Path fresh = ScratchDirectory.fresh(temp.resolve("floor"));

        assertThat(fresh).isEmptyDirectory();
        assertThat(ScratchDirectory.fresh(temp.resolve("new/nested"))).isEmptyDirectory();
    }
}
