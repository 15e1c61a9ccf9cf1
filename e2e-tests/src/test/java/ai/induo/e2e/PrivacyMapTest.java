package ai.induo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/privacy.md} to the code: every file its promise table names as a mechanism
 * exists, and every test it names as the proof exists, down to the test method. A renamed or deleted
 * test makes the map fail here instead of quietly promising what nothing checks any more.
 */
class PrivacyMapTest {

    private static final Path ROOT = Path.of("..");
    /** A file of the repository in backticks: a relative path with a folder and an extension. */
    private static final Pattern FILE = Pattern.compile("`([\\w.-]+(?:/[\\w.-]+)+\\.[a-z]+)`");
    private static final Pattern TEST = Pattern.compile("([A-Z][A-Za-z0-9]*(?:Test|IT|Scenario))(?:#([a-z][A-Za-z0-9]*))?");

    private static List<Row> promises;

    /** One promise of the table: the policy's section, its sentence, where it is kept and what proves it. */
    record Row(String section, String promise, String mechanism, String proof) {
    }

    @BeforeAll
    static void readTheMap() throws IOException {
        promises = promiseRows(Files.readString(ROOT.resolve("docs/privacy.md")));
    }

    @Test
    void theMapListsEverySectionOfThePolicyThatPromisesSomething() {
        assertThat(promises).extracting(Row::section).map(section -> section.replaceAll("\\..*", ""))
                .contains("1", "2", "3", "4", "5", "6", "7", "8");
    }

    @Test
    void everyPromiseNamesAMechanismAndAProof() {
        assertThat(promises).isNotEmpty().allSatisfy(row -> {
            assertThat(files(row.mechanism())).as("mechanism of %s", row.promise()).isNotEmpty();
            assertThat(tests(row.proof())).as("proof of %s", row.promise()).isNotEmpty();
        });
    }

    @Test
    void everyFileNamedAsAMechanismExists() {
        for (Row row : promises) {
            for (String file : files(row.mechanism())) {
                assertThat(ROOT.resolve(file)).as("mechanism of \"%s\"", row.promise()).exists();
            }
        }
    }

    @Test
    void everyTestNamedAsAProofExistsWithItsMethod() {
        for (Row row : promises) {
            Matcher test = TEST.matcher(row.proof());
            while (test.find()) {
                Optional<Path> source = testSource(test.group(1));
                assertThat(source).as("test %s named for \"%s\"", test.group(1), row.promise()).isPresent();
                if (test.group(2) != null) {
                    assertThat(read(source.get())).as("%s#%s", test.group(1), test.group(2))
                            .containsPattern("void " + test.group(2) + "\\(");
                }
            }
        }
    }

    /** The rows of the table whose header starts with {@code | §}. */
    static List<Row> promiseRows(String doc) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : doc.split("\n")) {
            if (line.startsWith("| §")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length >= 6) {
                rows.add(new Row(cells[1].strip(), cells[2].strip(), cells[3].strip(), cells[4].strip()));
            }
        }
        return rows;
    }

    private static List<String> files(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher file = FILE.matcher(cell);
        while (file.find()) {
            spans.add(file.group(1));
        }
        return spans;
    }

    private static List<String> tests(String cell) {
        List<String> names = new ArrayList<>();
        Matcher test = TEST.matcher(cell);
        while (test.find()) {
            names.add(test.group());
        }
        return names;
    }

    private static Optional<Path> testSource(String className) {
        try (Stream<Path> modules = Files.list(ROOT)) {
            return modules.map(module -> module.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .flatMap(PrivacyMapTest::sourcesUnder)
                    .filter(path -> path.getFileName().toString().equals(className + ".java"))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> sourcesUnder(Path directory) {
        try {
            return Files.walk(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
