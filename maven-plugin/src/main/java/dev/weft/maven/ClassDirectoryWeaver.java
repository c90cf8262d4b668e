package dev.weft.maven;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.WeaveProblem;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClassVerifier;
import dev.weft.transformer.WovenClass;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Weaves every class file of one directory tree (a {@code target/classes}), all or nothing. Plain Java with
 * no Maven types, so that it is testable on its own; the mojos are thin shells around it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Class files are processed in the order of their relative paths, so logs and results are
 *       deterministic.</li>
 *   <li>Every class is woven in memory before anything is written. If any class is refused
 *       ({@link DirectoryWeaveException}), cannot be read ({@link IOException}) or makes the weaver fail
 *       unexpectedly ({@link IllegalStateException}), the directory is left byte for byte unchanged.</li>
 *   <li>Each woven class is first written to a temporary file next to it, and only once all of them are
 *       written are they moved over the originals, each atomically. Only a failure of that final rename step
 *       can leave the directory partly woven, which the next build completes (weaving is idempotent).</li>
 *   <li>A class that needs no weaving, or was woven already, is never rewritten.</li>
 * </ul>
 */
public final class ClassDirectoryWeaver {
    static final String TEMP_SUFFIX = ".weft-tmp";

    private final ClassWeaving weaving;
    private final Consumer<String> debug;

    /** @param debug receives one line per woven or refused class, and a few about the directory */
    public ClassDirectoryWeaver(Consumer<String> debug) {
        this(new Weaver()::weave, debug);
    }

    /**
     * Weaves like {@link #ClassDirectoryWeaver(Consumer)}, then type-checks every woven class against the
     * classes {@code hierarchy} loads (the project's class path, see {@link WovenClassVerifier}): a woven class
     * that would not verify is refused like a misuse, and nothing is written.
     */
    public static ClassDirectoryWeaver verifying(ClassLoader hierarchy, Consumer<String> debug) {
        return new ClassDirectoryWeaver(checkedBy(new Weaver()::weave, new WovenClassVerifier(hierarchy)), debug);
    }

    /** {@code weaving}, whose woven classes must also pass {@code verifier}. */
    static ClassWeaving checkedBy(ClassWeaving weaving, WovenClassVerifier verifier) {
        return classFile -> {
            WovenClass woven = weaving.weave(classFile);
            if (woven != null) {
                List<WeaveProblem> problems = verifier.check(woven);
                if (!problems.isEmpty()) {
                    throw new WeaveException(problems);
                }
            }
            return woven;
        };
    }

    ClassDirectoryWeaver(ClassWeaving weaving, Consumer<String> debug) {
        this.weaving = weaving;
        this.debug = debug;
    }

    /**
     * Weaves the class files under {@code directory} in place. A directory that does not exist holds nothing
     * to weave and is not an error.
     *
     * @throws DirectoryWeaveException if any class is refused by the weaver; nothing was written
     * @throws IOException             if a class file cannot be read (nothing was written) or a woven class
     *                                 cannot be written (the message says whether anything was replaced)
     * @throws IllegalStateException   if the weaver fails unexpectedly on a class; nothing was written
     */
    public DirectoryWeaveResult weave(Path directory) throws IOException, DirectoryWeaveException {
        if (!Files.isDirectory(directory)) {
            debug.accept("Weft: " + directory + " does not exist, nothing to weave");
            return DirectoryWeaveResult.NOTHING;
        }
        List<Path> classFiles = listClassFiles(directory);
        debug.accept("Weft: scanning " + Plural.of(classFiles.size(), "class file") + " in " + directory);

        List<PendingWrite> pending = new ArrayList<>();
        List<WeaveProblem> problems = new ArrayList<>();
        int refusedClasses = 0;
        int methodsWoven = 0;
        for (Path file : classFiles) {
            String name = relativeName(directory, file);
            byte[] original = read(file);
            try {
                WovenClass woven = weaveOne(name, original);
                if (woven != null) {
                    pending.add(new PendingWrite(file, woven.bytes()));
                    methodsWoven += woven.methodsWoven();
                    debug.accept("Weft: wove " + woven.className() + " (" + Plural.of(woven.methodsWoven(), "method") + ")");
                }
            } catch (WeaveException e) {
                List<WeaveProblem> found = problemsOf(name, e);
                refusedClasses++;
                problems.addAll(found);
                debug.accept("Weft: cannot weave " + name + " (" + Plural.of(found.size(), "problem") + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new DirectoryWeaveException(directory, problems, refusedClasses);
        }
        write(directory, pending);
        return new DirectoryWeaveResult(classFiles.size(), pending.size(), methodsWoven);
    }

    private WovenClass weaveOne(String name, byte[] original) throws WeaveException {
        WovenClass woven;
        try {
            woven = weaving.weave(original);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Weft failed unexpectedly on " + name + " (a Weft bug: please report it"
                    + " with this class file); nothing was written: " + e, e);
        }
        if (woven != null && woven.bytes() == null) {
            throw new IllegalStateException("Weft produced no bytes for " + name + " (a Weft bug); nothing was written");
        }
        return woven;
    }

    /**
     * The exception's problems, each naming the file where the weaver could not read the class name (a
     * broken class file); a synthetic one naming the file if the weaver gave none.
     */
    private static List<WeaveProblem> problemsOf(String name, WeaveException e) {
        List<WeaveProblem> found = e.problems();
        if (found == null || found.isEmpty()) {
            return List.of(new WeaveProblem(name, null, null, -1, String.valueOf(e.getMessage())));
        }
        List<WeaveProblem> named = new ArrayList<>(found.size());
        for (WeaveProblem p : found) {
            named.add("?".equals(p.className()) ? new WeaveProblem(name, p.method(), p.sourceFile(), p.line(), p.message()) : p);
        }
        return named;
    }

    private static List<Path> listClassFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> relativeName(directory, p)))
                    .collect(Collectors.toList());
        }
    }

    /** The path below the directory with '/' separators on every platform: {@code com/acme/Foo.class}. */
    private static String relativeName(Path directory, Path file) {
        return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("Weft cannot read " + file + "; nothing was written: " + e.getMessage(), e);
        }
    }

    /** Writes all temporary files, then renames them over the originals. */
    private void write(Path directory, List<PendingWrite> pending) throws IOException {
        List<Path> temps = new ArrayList<>();
        try {
            for (PendingWrite write : pending) {
                Path temp = write.temp();
                temps.add(temp);
                Files.write(temp, write.bytes(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            deleteQuietly(temps);
            throw new IOException("Weft cannot write a woven class in " + directory + "; nothing was changed: " + e, e);
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingWrite write = pending.get(i);
            try {
                moveOver(write.temp(), write.file());
            } catch (IOException e) {
                deleteQuietly(temps.subList(i, temps.size()));
                throw new IOException("Weft replaced " + i + " of " + pending.size() + " woven classes in " + directory
                        + " and then could not replace " + write.file() + " (" + e + "); the directory is partly woven:"
                        + " run the build again to complete it", e);
            }
        }
    }

    private static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(List<Path> temps) {
        for (Path temp : temps) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a stray .weft-tmp file is harmless and the next clean removes it
            }
        }
    }

    /** A woven class waiting to replace its original file. */
    private record PendingWrite(Path file, byte[] bytes) {
        Path temp() {
            return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        }
    }
}
