package ai.induo.common.store.local;

import ai.induo.common.residency.AllowedLocations;
import ai.induo.common.store.CloseShieldOutputStream;
import ai.induo.common.store.ObjectKeys;
import ai.induo.common.store.ObjectNotFoundException;
import ai.induo.common.store.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} on a local directory: one file per object, the key being its path below the
 * root.
 *
 * <p>A put writes a hidden temporary file next to the target and moves it into place atomically,
 * so readers see either the old object or the complete new one, and a failed writer leaves nothing
 * behind. Keys are slash-separated segments; a key that could leave the root (absolute,
 * {@code ..}, backslashes, empty segments) or that names a hidden file is rejected with
 * {@link IllegalArgumentException}. Emptied directories are removed on delete.
 */
public final class LocalObjectStore implements ObjectStore {

    private static final String TEMP_PREFIX = ".tmp-";
    private static final String TEMP_SUFFIX = ".part";
    private static final int BUFFER_SIZE = 64 * 1024;
    /** A concurrent delete can remove the target directory between creating it and writing in it. */
    private static final int MAX_CREATE_ATTEMPTS = 3;

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, ObjectWriter writer) throws IOException {
        Objects.requireNonNull(writer, "writer");
        Path target = resolve(key);
        Path temp = createTempFileNextTo(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new CloseShieldOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE));
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path file = resolve(key);
        if (Files.isDirectory(file)) {
            throw new ObjectNotFoundException(key);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        if (Files.isDirectory(file)) {
            return;
        }
        Files.deleteIfExists(file);
        removeEmptyParents(file.getParent());
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        int lastSeparator = prefix.lastIndexOf(ObjectKeys.SEPARATOR);
        Path start = lastSeparator < 0 ? root : root.resolve(prefix.substring(0, lastSeparator));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return isHidden(dir) && !dir.equals(start) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !isHidden(file)) {
                    String key = keyOf(file);
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        keys.sort(null);
        return keys;
    }

    /** {@link AllowedLocations#LOCAL}: the objects are files on this machine. */
    @Override
    public String location() {
        return AllowedLocations.LOCAL;
    }

    @Override
    public String toString() {
        return "LocalObjectStore[" + root + "]";
    }

    private Path createTempFileNextTo(Path target) throws IOException {
        Path dir = target.getParent();
        for (int attempt = 1; ; attempt++) {
            Files.createDirectories(dir);
            try {
                return Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
            } catch (NoSuchFileException e) {
                if (attempt == MAX_CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void removeEmptyParents(Path dir) throws IOException {
        Path current = dir;
        while (current != null && !current.equals(root) && current.startsWith(root)) {
            try {
                Files.deleteIfExists(current);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            current = current.getParent();
        }
    }

    private Path resolve(String key) {
        ObjectKeys.validateKey(key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("object key escapes the store: " + key);
        }
        return path;
    }

    /**
     * Walks the directories in key order, one directory's entries at a time (each sorted by its key
     * part, a directory's with its separator, which is the order of the keys below it), skipping every
     * directory wholly outside the prefix or before {@code startAfter}, and stops once the page is full.
     */
    @Override
    public List<String> list(String prefix, String startAfter, int limit) throws IOException {
        ObjectKeys.validatePrefix(prefix);
        List<String> keys = new ArrayList<>();
        collect(root, "", prefix, startAfter, limit, keys);
        return keys;
    }

    private record Entry(Path path, String key, boolean directory) {
    }

    private void collect(Path dir, String dirKey, String prefix, String startAfter, int limit, List<String> keys)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (!isHidden(child)) {
                    boolean directory = Files.isDirectory(child);
                    String key = dirKey + child.getFileName() + (directory ? ObjectKeys.SEPARATOR : "");
                    entries.add(new Entry(child, key, directory));
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        entries.sort(Comparator.comparing(Entry::key));
        for (Entry entry : entries) {
            if (keys.size() == limit) {
                return;
            }
            String key = entry.key();
            boolean afterCursor = startAfter == null || key.compareTo(startAfter) > 0;
            if (!entry.directory()) {
                if (key.startsWith(prefix) && afterCursor) {
                    keys.add(key);
                }
            } else if ((key.startsWith(prefix) || prefix.startsWith(key)) && (afterCursor || startAfter.startsWith(key))) {
                collect(entry.path(), key, prefix, startAfter, limit, keys);
            }
        }
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ObjectKeys.SEPARATOR);
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
