package dev.weft.maven;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.WeaveProblem;
import dev.weft.transformer.WovenClass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassDirectoryWeaverTest {
    @TempDir
    Path dir;

    private final List<String> debug = new ArrayList<>();

    @Test
    void missingDirectoryIsNothingToDo() throws Exception {
        Path missing = dir.resolve("classes");

        DirectoryWeaveResult result = new ClassDirectoryWeaver(debug::add).weave(missing);

        assertEquals(DirectoryWeaveResult.NOTHING, result);
        assertFalse(Files.exists(missing), "the directory must not be created");
        assertTrue(debug.get(0).contains("does not exist"), debug::toString);
    }

    @Test
    void emptyDirectoryScansNothing() throws Exception {
        assertEquals(DirectoryWeaveResult.NOTHING, new ClassDirectoryWeaver(debug::add).weave(dir));
    }

    @Test
    void classesWithoutWeftAreLeftUntouched() throws Exception {
        TestClassFiles.write(dir, "com/acme/Alpha", TestClassFiles.plain("com/acme/Alpha"));
        TestClassFiles.write(dir, "com/acme/deep/Beta", TestClassFiles.plain("com/acme/deep/Beta"));
        TestClassFiles.write(dir, "Gamma", TestClassFiles.plain("Gamma"));
        Files.writeString(dir.resolve("com/acme/app.properties"), "not=a class");
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        DirectoryWeaveResult result = new ClassDirectoryWeaver(debug::add).weave(dir);

        assertEquals(new DirectoryWeaveResult(3, 0, 0), result);
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void classesAreVisitedInSortedRelativePathOrder() throws Exception {
        for (String name : List.of("b/Z", "a/Y", "b/A", "a/b/X", "C")) {
            TestClassFiles.write(dir, name, TestClassFiles.plain(name));
        }
        List<String> seen = new ArrayList<>();

        new ClassDirectoryWeaver(bytes -> {
            seen.add(TestClassFiles.nameOf(bytes));
            return null;
        }, debug::add).weave(dir);

        assertEquals(List.of("C", "a/Y", "a/b/X", "b/A", "b/Z"), seen);
    }

    @Test
    void wovenClassesReplaceTheirOriginalsAndNothingElseChanges() throws Exception {
        TestClassFiles.write(dir, "p/Good", TestClassFiles.plain("p/Good"));
        TestClassFiles.write(dir, "p/Other", TestClassFiles.plain("p/Other"));
        TestClassFiles.write(dir, "q/AlsoGood", TestClassFiles.plain("q/AlsoGood"));
        DirectorySnapshot.agePast(dir);
        byte[] otherBefore = Files.readAllBytes(dir.resolve("p/Other.class"));

        DirectoryWeaveResult result = new ClassDirectoryWeaver(ClassDirectoryWeaverTest::fakeWeaving, debug::add).weave(dir);

        assertEquals(new DirectoryWeaveResult(3, 2, 4), result);
        assertArrayEquals(wovenBytes("p/Good"), Files.readAllBytes(dir.resolve("p/Good.class")));
        assertArrayEquals(wovenBytes("q/AlsoGood"), Files.readAllBytes(dir.resolve("q/AlsoGood.class")));
        assertArrayEquals(otherBefore, Files.readAllBytes(dir.resolve("p/Other.class")));
        assertNoTempFiles();
        assertTrue(debug.contains("Weft: wove p.Good (2 methods)"), debug::toString);
    }

    @Test
    void refusedClassesFailTheWholeDirectoryAndNothingIsWritten() throws Exception {
        TestClassFiles.write(dir, "p/Good", TestClassFiles.plain("p/Good"));
        TestClassFiles.write(dir, "p/Bad", TestClassFiles.plain("p/Bad"));
        TestClassFiles.write(dir, "q/VeryBad", TestClassFiles.plain("q/VeryBad"));
        TestClassFiles.write(dir, "z/LastGood", TestClassFiles.plain("z/LastGood"));
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        DirectoryWeaveException e = assertThrows(DirectoryWeaveException.class,
                () -> new ClassDirectoryWeaver(ClassDirectoryWeaverTest::fakeWeaving, debug::add).weave(dir));

        assertEquals(2, e.classCount());
        assertEquals(List.of("Bad.java:1: p.Bad.run()V: problem 1",
                        "VeryBad.java:1: q.VeryBad.run()V: problem 1",
                        "VeryBad.java:2: q.VeryBad.run()V: problem 2"),
                e.problems().stream().map(WeaveProblem::toString).toList());
        assertTrue(e.getMessage().startsWith("Weft: 3 weaving problems in 2 classes; nothing was written to "), e::getMessage);
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void anUnexpectedWeaverFailureWritesNothing() throws Exception {
        TestClassFiles.write(dir, "a/Good", TestClassFiles.plain("a/Good"));
        TestClassFiles.write(dir, "b/Crash", TestClassFiles.plain("b/Crash"));
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ClassDirectoryWeaver(ClassDirectoryWeaverTest::fakeWeaving, debug::add).weave(dir));

        assertTrue(e.getMessage().contains("b/Crash.class"), e::getMessage);
        assertTrue(e.getMessage().contains("nothing was written"), e::getMessage);
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    @Test
    void aWeaveExceptionWithoutProblemsStillCountsAsOne() throws Exception {
        TestClassFiles.write(dir, "p/Odd", TestClassFiles.plain("p/Odd"));

        DirectoryWeaveException e = assertThrows(DirectoryWeaveException.class,
                () -> new ClassDirectoryWeaver(bytes -> {
                    throw new WeaveException(List.of());
                }, debug::add).weave(dir));

        assertEquals(1, e.problems().size());
        assertEquals(1, e.classCount());
        assertTrue(e.problems().get(0).toString().startsWith("p/Odd.class"), () -> e.problems().toString());
    }

    /**
     * The real transformer on broken class files that mention Weft: one truncated, one from a Java newer than
     * ASM knows, one with its constant pool mangled. Each is refused by name with a clear reason, and the
     * directory is left exactly as it was, the good class beside them included.
     */
    @Test
    void brokenClassFilesAreRefusedByNameAndNothingIsWritten() throws Exception {
        byte[] misuse = TestClassFiles.awaitWithoutAsync("com/acme/Whole");
        TestClassFiles.write(dir, "com/acme/Fine", TestClassFiles.plain("com/acme/Fine"));
        TestClassFiles.write(dir, "com/acme/Truncated", java.util.Arrays.copyOf(misuse, misuse.length * 2 / 3));
        byte[] future = misuse.clone();
        future[6] = 0;
        future[7] = (byte) 99; // major version 99
        TestClassFiles.write(dir, "com/acme/Future", future);
        byte[] mangled = misuse.clone();
        mangled[8] = (byte) 0xff; // constant pool count: far more entries than the file holds
        TestClassFiles.write(dir, "com/acme/Mangled", mangled);
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        DirectoryWeaveException e = assertThrows(DirectoryWeaveException.class,
                () -> new ClassDirectoryWeaver(debug::add).weave(dir));

        assertEquals(3, e.classCount(), () -> e.problems().toString());
        String problems = e.problems().toString();
        for (String broken : List.of("com/acme/Future.class", "com/acme/Mangled.class", "com/acme/Truncated.class")) {
            assertTrue(problems.contains(broken), () -> broken + " is named: " + problems);
        }
        assertTrue(problems.contains("99"), () -> "the unsupported version is named: " + problems);
        assertFalse(problems.contains("Fine"), problems);
        assertTrue(e.getMessage().contains("nothing was written"), e::getMessage);
        assertEquals(before, DirectorySnapshot.of(dir));
        assertNoTempFiles();
    }

    /** A woven class that would not verify against the project's classes is refused; nothing is written. */
    @Test
    void aWovenClassThatDoesNotTypeCheckIsRefusedAndNothingIsWritten() throws Exception {
        TestClassFiles.write(dir, "p/Good", TestClassFiles.plain("p/Good"));
        TestClassFiles.write(dir, "p/Broken", TestClassFiles.plain("p/Broken"));
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);
        ClassWeaving buggyWeaver = bytes -> {
            String name = TestClassFiles.nameOf(bytes);
            byte[] out = name.equals("p/Broken") ? TestClassFiles.illTypedBody(name) : TestClassFiles.plain(name);
            return new WovenClass(name.replace('/', '.'), out, 1);
        };
        ClassWeaving checked = ClassDirectoryWeaver.checkedBy(buggyWeaver,
                new dev.weft.transformer.WovenClassVerifier(getClass().getClassLoader()));

        DirectoryWeaveException e = assertThrows(DirectoryWeaveException.class,
                () -> new ClassDirectoryWeaver(checked, debug::add).weave(dir));

        assertEquals(1, e.classCount());
        String problem = e.problems().get(0).toString();
        assertTrue(problem.startsWith("Broken.java: p.Broken.run$weft0(Object): weaving produced bytecode that does not verify"), problem);
        assertEquals(before, DirectorySnapshot.of(dir));
        assertNoTempFiles();
    }

    /** Needs the real transformer: a class calling Weft.await outside an @Async method is refused. */
    @Test
    void theRealWeaverRefusesAwaitOutsideAsyncAndNothingIsWritten() throws Exception {
        TestClassFiles.write(dir, "com/acme/Fine", TestClassFiles.plain("com/acme/Fine"));
        TestClassFiles.write(dir, "com/acme/Misuse", TestClassFiles.awaitWithoutAsync("com/acme/Misuse"));
        DirectorySnapshot.agePast(dir);
        DirectorySnapshot before = DirectorySnapshot.of(dir);

        DirectoryWeaveException e = assertThrows(DirectoryWeaveException.class,
                () -> new ClassDirectoryWeaver(debug::add).weave(dir));

        assertEquals(1, e.classCount());
        assertFalse(e.problems().isEmpty());
        assertTrue(e.problems().get(0).toString().startsWith("Misuse.java:12: com.acme.Misuse"),
                () -> e.problems().toString());
        assertEquals(before, DirectorySnapshot.of(dir));
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            assertEquals(List.of(), walk.filter(p -> p.toString().endsWith(ClassDirectoryWeaver.TEMP_SUFFIX)).toList());
        }
    }

    /**
     * Stands in for the transformer, keyed by the class's simple name: "Good" classes are woven (2 methods),
     * "Bad" ones refused with one problem, "VeryBad" with two, "Crash" throws; others need nothing.
     */
    private static WovenClass fakeWeaving(byte[] classFile) throws WeaveException {
        String name = TestClassFiles.nameOf(classFile);
        String simple = name.substring(name.lastIndexOf('/') + 1);
        String dotted = name.replace('/', '.');
        if (simple.endsWith("Good")) {
            return new WovenClass(dotted, wovenBytes(name), 2);
        }
        if (simple.equals("Bad") || simple.equals("VeryBad")) {
            List<WeaveProblem> problems = new ArrayList<>();
            int count = simple.equals("Bad") ? 1 : 2;
            for (int i = 1; i <= count; i++) {
                problems.add(new WeaveProblem(dotted, "run()V", simple + ".java", i, "problem " + i));
            }
            throw new WeaveException(problems);
        }
        if (simple.equals("Crash")) {
            throw new IllegalArgumentException("boom");
        }
        return null;
    }

    private static byte[] wovenBytes(String internalName) {
        return ("woven " + internalName).getBytes(StandardCharsets.UTF_8);
    }
}
