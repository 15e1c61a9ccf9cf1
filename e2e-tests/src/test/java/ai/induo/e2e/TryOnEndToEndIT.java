package ai.induo.e2e;

import ai.induo.stack.KafkaBrokerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** {@link TryOnScenario} as {@code ./induo up} runs it: a real Kafka broker and the local object store. */
class TryOnEndToEndIT extends TryOnScenario {

    @Override
    protected Map<String, String> startBackends(String mongoUri, Consumer<AutoCloseable> stopLater) throws Exception {
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(work.resolve("kafka"));
        stopLater.accept(kafka);
        return ServiceEnvironment.of(work, kafka.bootstrapServers(), mongoUri);
    }

    /** The files under the local store's root, {@code $INDUO_HOME/objects}. */
    @Override
    protected List<byte[]> storedObjects() throws Exception {
        try (Stream<Path> walk = Files.walk(work.resolve("objects"))) {
            return walk.filter(Files::isRegularFile).map(TryOnEndToEndIT::read).toList();
        }
    }

    @Override
    protected String region() {
        return "local";
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
