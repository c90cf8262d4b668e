package dev.weft.agent;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.WeaveProblem;
import dev.weft.transformer.WovenClass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeftClassFileTransformerTest {
    private static final byte[] WOVEN = "woven bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final List<String> output = new ArrayList<>();
    private final List<byte[]> weaverCalls = new ArrayList<>();

    /** A weaver that records its calls and weaves everything (3 methods). */
    private final ClassWeaving alwaysWeaves = bytes -> {
        weaverCalls.add(bytes);
        return new WovenClass("ignored", WOVEN, 3);
    };

    private WeftClassFileTransformer transformer(String options, ClassWeaving weaving) {
        return new WeftClassFileTransformer(AgentOptions.parse(options, output::add), weaving, output::add);
    }

    private static byte[] transform(WeftClassFileTransformer transformer, String className, byte[] bytes) {
        return transformer.transform(ClassLoader.getSystemClassLoader(), className, null, null, bytes);
    }

    @Test
    void nullClassNamesAreSkipped() {
        assertNull(transform(transformer("", alwaysWeaves), null, TestClassFiles.awaitWithoutAsync("p/Hidden")));
        assertEquals(List.of(), weaverCalls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java/lang/Foo", "javax/swing/Foo", "jdk/internal/Foo", "sun/misc/Foo", "com/sun/net/Foo",
        "dev/weft/Weft", "dev/weft/Coroutine", "dev/weft/internal/Intrinsics", "dev/weft/sync/Lock",
        "dev/weft/agent/WeftAgent", "dev/weft/agent/shaded/asm/ClassReader", "dev/weft/transformer/Weaver",
        "dev/weft/maven/WeaveMojo"})
    void jdkAndWeftClassesAreSkipped(String internalName) {
        assertNull(transform(transformer("", alwaysWeaves), internalName, TestClassFiles.awaitWithoutAsync(internalName)));
        assertEquals(List.of(), weaverCalls);
        assertEquals(List.of(), output);
    }

    @Test
    void otherDevWeftPackagesAreApplicationCode() {
        String name = "dev/weft/examples/Demo";
        assertArrayEquals(WOVEN, transform(transformer("", alwaysWeaves), name, TestClassFiles.awaitWithoutAsync(name)));
        assertEquals(1, weaverCalls.size());
    }

    @Test
    void classesOutsideTheIncludesAreSkipped() {
        WeftClassFileTransformer transformer = transformer("include=com.acme.**", alwaysWeaves);

        assertNull(transform(transformer, "org/other/Service", TestClassFiles.awaitWithoutAsync("org/other/Service")));
        assertEquals(List.of(), weaverCalls);
        assertArrayEquals(WOVEN, transform(transformer, "com/acme/a/Service", TestClassFiles.awaitWithoutAsync("com/acme/a/Service")));
    }

    @Test
    void classesNotNamingWeftAreSkippedWithoutParsing() {
        WeftClassFileTransformer transformer = transformer("", alwaysWeaves);

        assertNull(transform(transformer, "com/acme/Plain", TestClassFiles.plain("com/acme/Plain")));
        assertNull(transform(transformer, "com/acme/Nothing", null));
        assertNull(transform(transformer, "com/acme/Empty", new byte[0]));
        assertEquals(List.of(), weaverCalls);
        assertEquals(List.of(), output);
    }

    @Test
    void aClassNeedingNothingLoadsUnchangedQuietly() {
        assertNull(transform(transformer("verbose", bytes -> null), "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service")));
        assertEquals(List.of(), output);
    }

    @Test
    void wovenClassesAreReturnedAndReportedOnlyWhenVerbose() {
        byte[] bytes = TestClassFiles.awaitWithoutAsync("com/acme/Service");

        assertArrayEquals(WOVEN, transform(transformer("", alwaysWeaves), "com/acme/Service", bytes));
        assertEquals(List.of(), output);

        assertArrayEquals(WOVEN, transform(transformer("verbose", alwaysWeaves), "com/acme/Service", bytes));
        assertEquals(List.of("[weft] wove com.acme.Service (3 methods)"), output);
    }

    @Test
    void dumpWritesWovenClassesUnderTheirInternalName() throws Exception {
        Path dump = dir.resolve("dump");
        WeftClassFileTransformer transformer = transformer("dump=" + dump, alwaysWeaves);

        transform(transformer, "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service"));

        assertArrayEquals(WOVEN, Files.readAllBytes(dump.resolve("com/acme/Service.class")));
        assertEquals(List.of(), output);
    }

    @Test
    void aDumpFailureIsReportedAndTheClassIsStillWoven() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        WeftClassFileTransformer transformer = transformer("dump=" + notADirectory, alwaysWeaves);

        assertArrayEquals(WOVEN, transform(transformer, "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service")));
        assertEquals(1, output.size());
        assertTrue(output.get(0).startsWith("[weft] could not dump com.acme.Service to "), output::toString);
    }

    @Test
    void aRefusalIsOneLineWithTheFirstProblem() {
        ClassWeaving refuses = bytes -> {
            throw new WeaveException(List.of(new WeaveProblem("com.acme.Service", "run()V", "Service.java", 12, "await outside @Async")));
        };

        assertNull(transform(transformer("", refuses), "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service")));
        assertEquals(List.of("[weft] not woven: com.acme.Service: Service.java:12: com.acme.Service.run()V: await outside @Async"), output);
    }

    @Test
    void aRefusalWithSeveralProblemsCountsTheOthers() {
        ClassWeaving refuses = bytes -> {
            throw new WeaveException(List.of(
                    new WeaveProblem("com.acme.Service", "a()V", "Service.java", 3, "first"),
                    new WeaveProblem("com.acme.Service", "b()V", "Service.java", 7, "second"),
                    new WeaveProblem("com.acme.Service", "c()V", "Service.java", 9, "third")));
        };

        assertNull(transform(transformer("", refuses), "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service")));
        assertEquals(List.of("[weft] not woven: com.acme.Service: Service.java:3: com.acme.Service.a()V: first (+2 more)"), output);
    }

    @Test
    void neverThrowsWhateverTheWeaverThrows() {
        List<Throwable> failures = List.of(new IllegalStateException("boom"), new StackOverflowError(),
                new NoClassDefFoundError("x/Y"), new AssertionError("bad"));
        for (Throwable failure : failures) {
            output.clear();
            ClassWeaving throwing = bytes -> {
                throw sneaky(failure);
            };

            assertNull(transform(transformer("", throwing), "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service")));
            assertEquals(List.of("[weft] failed to weave com.acme.Service: " + failure), output);
        }
    }

    @Test
    void neverThrowsEvenIfReportingFails() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.defaults(), bytes -> {
            throw new IllegalStateException("boom");
        }, line -> {
            throw new IllegalStateException("stderr is gone");
        });

        assertNull(transform(transformer, "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service")));
    }

    /** Needs only the transformer's error handling: garbage that names dev/weft/ costs one line, no exception. */
    @Test
    void theRealWeaverOnCorruptedBytesReportsOneLine() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.defaults(), new dev.weft.transformer.Weaver()::weave, output::add);

        for (byte[] corrupted : List.of(TestClassFiles.corruptedMentioningWeft(),
                TestClassFiles.truncated(TestClassFiles.awaitWithoutAsync("com/acme/Service")))) {
            output.clear();
            assertNull(transform(transformer, "com/acme/Service", corrupted));
            assertEquals(1, output.size(), output::toString);
            String line = output.get(0);
            assertTrue(line.startsWith("[weft] not woven: com.acme.Service: ") || line.startsWith("[weft] failed to weave com.acme.Service: "), line);
        }
    }

    @Test
    void theRealWeaverLeavesPlainClassesAlone() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.parse("verbose", output::add));
        assertNull(transform(transformer, "com/acme/Plain", TestClassFiles.plain("com/acme/Plain")));
    }

    /** Needs the real transformer: a class calling Weft.await outside an @Async method is refused in one line. */
    @Test
    void theRealWeaverRefusesAwaitOutsideAsync() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.defaults(), new dev.weft.transformer.Weaver()::weave, output::add);

        assertNull(transform(transformer, "com/acme/Misuse", TestClassFiles.awaitWithoutAsync("com/acme/Misuse")));
        assertEquals(1, output.size(), output::toString);
        assertTrue(output.get(0).startsWith("[weft] not woven: com.acme.Misuse: Misuse.java:12: com.acme.Misuse"), output::toString);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
