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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
    void classesOutsideTheIncludesAreNotWovenAndTheirAwaitsNameThePatterns() {
        WeftClassFileTransformer transformer = transformer("include=com.acme.**,include=com.acme2.Main", alwaysWeaves);

        byte[] other = transform(transformer, "org/other/Service", TestClassFiles.awaitWithoutAsync("org/other/Service"));
        assertEquals(List.of(), weaverCalls);
        assertEquals("class org.other.Service is not woven: the Weft agent is running, but its include patterns"
                + " (include=com.acme.**, include=com.acme2.Main) do not match it. Add include=org.other.* to the agent's"
                + " options (-javaagent:weft-agent.jar=...), or weave the class at build time with dev.weft:weft-maven-plugin",
                redirectedAwaitReason(other));
        assertNull(transform(transformer, "org/other/NoAwait", TestClassFiles.mentionsWeftWithoutAwait("org/other/NoAwait")),
                "nothing to say: loads unchanged");
        assertEquals(List.of(), output, "quiet unless verbose");
        assertArrayEquals(WOVEN, transform(transformer, "com/acme/a/Service", TestClassFiles.awaitWithoutAsync("com/acme/a/Service")));
    }

    @Test
    void verboseNamesTheClassesOutsideTheIncludesWhoseAwaitsAreRedirected() {
        WeftClassFileTransformer transformer = transformer("include=com.acme.*,verbose", alwaysWeaves);

        transform(transformer, "org/other/Service", TestClassFiles.awaitWithoutAsync("org/other/Service"));
        transform(transformer, "org/other/NoAwait", TestClassFiles.mentionsWeftWithoutAwait("org/other/NoAwait"));
        assertEquals(List.of("[weft] not included: org.other.Service (its awaits throw, naming the include patterns)"), output);
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

    /** Another agent retransforming a class: woven again to the same bytes, and what loading it reported not again. */
    @Test
    void aRetransformationWeavesAgainWithoutReportingAgain() {
        ClassWeaving refuses = bytes -> {
            throw new WeaveException(List.of(new WeaveProblem("com.acme.Service", "a()", "Service.java", 3, "first")));
        };
        WeftClassFileTransformer transformer = transformer("", refuses);
        byte[] original = TestClassFiles.awaitWithoutAsync("com/acme/Service");
        byte[] loaded = transform(transformer, "com/acme/Service", original);
        assertEquals(2, output.size(), output::toString);
        byte[] again = transformer.transform(ClassLoader.getSystemClassLoader(), "com/acme/Service", Object.class, null,
                original);
        assertArrayEquals(loaded, again);
        assertEquals(2, output.size(), "nothing reported a second time: " + output);
    }

    @Test
    void aRefusalListsEveryProblemCompilerStyleAndTheAwaitsThrowThem() {
        ClassWeaving refuses = bytes -> {
            throw new WeaveException(List.of(
                    new WeaveProblem("com.acme.Service", "a()", "Service.java", 3, "first"),
                    new WeaveProblem("com.acme.Service", "b()", "Service.java", 7, "second"),
                    new WeaveProblem("com.acme.Service", "c()", "Service.java", 9, "third")));
        };

        byte[] loaded = transform(transformer("", refuses), "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service"));
        assertEquals(List.of("[weft] not woven: com.acme.Service (3 problems); it loads as compiled, and where it needs"
                        + " weaving it throws a NotWovenError naming them:",
                "[weft] Service.java:3: com.acme.Service.a(): first",
                "[weft] Service.java:7: com.acme.Service.b(): second",
                "[weft] Service.java:9: com.acme.Service.c(): third"), output);
        String nl = System.lineSeparator();
        assertEquals("the Weft agent refused class com.acme.Service, which loaded as it was compiled. Fix these problems"
                + " (the agent printed them when the class loaded):" + nl
                + "  Service.java:3: com.acme.Service.a(): first" + nl
                + "  Service.java:7: com.acme.Service.b(): second" + nl
                + "  Service.java:9: com.acme.Service.c(): third", redirectedAwaitReason(loaded));
    }

    @Test
    void aRefusedClassWithoutAwaitsLoadsUnchanged() {
        ClassWeaving refuses = bytes -> {
            throw new WeaveException(List.of(new WeaveProblem("com.acme.Service", "f()", "Service.java", 3, "returns int")));
        };

        assertNull(transform(transformer("", refuses), "com/acme/Service", TestClassFiles.mentionsWeftWithoutAwait("com/acme/Service")));
        assertEquals(2, output.size(), output::toString);
        assertTrue(output.get(0).startsWith("[weft] not woven: com.acme.Service (1 problem); it loads as compiled:"), output::toString);
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

            byte[] loaded = transform(transformer("", throwing), "com/acme/Service", TestClassFiles.awaitWithoutAsync("com/acme/Service"));
            assertEquals(List.of("[weft] failed to weave com.acme.Service: " + failure), output);
            assertEquals("the Weft agent failed to weave class com.acme.Service (" + failure + "), which loaded as it was"
                    + " compiled. This is a Weft bug: please report it with the class file", redirectedAwaitReason(loaded));
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

    /** Needs only the transformer's error handling: garbage that names dev/weft/ is reported, loads as it is. */
    @Test
    void theRealWeaverOnCorruptedBytesReportsTheClass() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.defaults(), new dev.weft.transformer.Weaver()::weave, output::add);

        for (byte[] corrupted : List.of(TestClassFiles.corruptedMentioningWeft(),
                TestClassFiles.truncated(TestClassFiles.awaitWithoutAsync("com/acme/Service")))) {
            output.clear();
            assertNull(transform(transformer, "com/acme/Service", corrupted));
            assertEquals(2, output.size(), output::toString);
            assertEquals("[weft] not woven: com.acme.Service (1 problem); it loads as compiled:", output.get(0));
            assertTrue(output.get(1).startsWith("[weft] com.acme.Service: not a readable class file"), output::toString);
        }
    }

    @Test
    void theRealWeaverLeavesPlainClassesAlone() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.parse("verbose", output::add));
        assertNull(transform(transformer, "com/acme/Plain", TestClassFiles.plain("com/acme/Plain")));
    }

    /** Needs the real transformer: a class calling Weft.await outside an @Async method is refused, its await redirected. */
    @Test
    void theRealWeaverRefusesAwaitOutsideAsync() {
        WeftClassFileTransformer transformer = new WeftClassFileTransformer(AgentOptions.defaults(), new dev.weft.transformer.Weaver()::weave, output::add);

        byte[] loaded = transform(transformer, "com/acme/Misuse", TestClassFiles.awaitWithoutAsync("com/acme/Misuse"));
        assertEquals(2, output.size(), output::toString);
        assertTrue(output.get(1).startsWith("[weft] Misuse.java:12: com.acme.Misuse.run(): await(...) in a method that is not @Async"),
                output::toString);
        assertTrue(redirectedAwaitReason(loaded).endsWith(output.get(1).substring("[weft] ".length())), redirectedAwaitReason(loaded));
    }

    /**
     * The constant a redirected class passes to {@code NotWoven.await}: the reason its await throws. Checks that
     * no {@code Weft.await} call is left.
     */
    private static String redirectedAwaitReason(byte[] classFile) {
        assertNotNull(classFile, "the class is redirected");
        org.objectweb.asm.tree.ClassNode cls = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(classFile).accept(cls, 0);
        String reason = null;
        for (org.objectweb.asm.tree.MethodNode m : cls.methods) {
            for (org.objectweb.asm.tree.AbstractInsnNode insn : m.instructions) {
                if (insn instanceof org.objectweb.asm.tree.MethodInsnNode) {
                    org.objectweb.asm.tree.MethodInsnNode call = (org.objectweb.asm.tree.MethodInsnNode) insn;
                    assertFalse(call.owner.equals("dev/weft/Weft") && call.name.equals("await"), "an await is left");
                    if (call.owner.equals("dev/weft/internal/NotWoven") && call.name.equals("await")) {
                        reason = (String) ((org.objectweb.asm.tree.LdcInsnNode) call.getPrevious()).cst;
                    }
                }
            }
        }
        assertNotNull(reason, "no redirected await");
        return reason;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
