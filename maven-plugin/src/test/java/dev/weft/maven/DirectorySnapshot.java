package dev.weft.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every regular file of a directory tree with its bytes and modification time, to prove that an operation
 * changed nothing. Equal snapshots mean the same files with the same bytes and the same mtimes.
 */
final class DirectorySnapshot {
    private final Map<String, Entry> files;

    private DirectorySnapshot(Map<String, Entry> files) {
        this.files = files;
    }

    static DirectorySnapshot of(Path directory) throws IOException {
        Map<String, Entry> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(directory.relativize(p).toString(),
                        new Entry(Files.readAllBytes(p), Files.getLastModifiedTime(p)));
            }
        }
        return new DirectorySnapshot(files);
    }

    /** Sets every file's mtime to a fixed past instant, so that any rewrite shows. */
    static void agePast(Path directory) throws IOException {
        FileTime past = FileTime.fromMillis(1_500_000_000_000L);
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                Files.setLastModifiedTime(p, past);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectorySnapshot other && files.equals(other.files);
    }

    @Override
    public int hashCode() {
        return files.hashCode();
    }

    @Override
    public String toString() {
        return files.toString();
    }

    private record Entry(byte[] bytes, FileTime modified) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Arrays.equals(bytes, e.bytes) && modified.equals(e.modified);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + modified.hashCode();
        }

        @Override
        public String toString() {
            return bytes.length + " bytes @ " + modified;
        }
    }
}
