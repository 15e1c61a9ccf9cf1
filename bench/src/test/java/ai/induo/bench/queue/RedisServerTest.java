package ai.induo.bench.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerTest {

    @Test
    void listensOnLoopbackOnlyAndWritesNothingToDisk() {
        assertThat(RedisServer.command(Path.of("/usr/bin/redis-server"), 6390, Path.of("/w/redis")))
                .containsExactly("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", "6390",
                        "--dir", "/w/redis", "--save", "", "--appendonly", "no", "--daemonize", "no");
    }

    @Test
    void installsDebiansPackageWithoutQuestions() {
        assertThat(RedisServer.installCommand())
                .containsExactly("apt-get", "install", "-y", "--no-install-recommends", "redis-server");
    }

    @Test
    void findsAnExecutableRedisServerOnThePathAndNothingElse(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path redis = Files.createFile(bin.resolve("redis-server"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(RedisServer.find(empty + ":" + bin)).contains(redis);
        assertThat(RedisServer.find(empty.toString())).isEmpty();
    }
}
