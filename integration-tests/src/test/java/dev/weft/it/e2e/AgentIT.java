package dev.weft.it.e2e;

import dev.weft.transformer.Weaver;
import dev.weft.transformer.testing.InMemoryCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Launches real JVMs with the real agent jar: {@code java -javaagent:weft-agent.jar -cp app.jar:weft-runtime.jar Main}.
 */
class AgentIT {
    /** Main runs outer() and then, for each argument, one more class: helper, broken, refused. */
    private static final Map<String, String> APP = Map.of(
            "app.Main", """
                    package app;
                    import dev.weft.*;
                    import java.time.Duration;
                    import static dev.weft.Weft.await;
                    public class Main {
                        @Async static Coroutine<Integer> inner() { await(Weft.sleep(Duration.ofMillis(5))); return Coroutine.of(10); }
                        @Async static Coroutine<Integer> outer() { int x = await(inner()); return Coroutine.of(x + 1); }
                        public static void main(String[] args) {
                            System.out.println(Weft.run(outer()));
                            for (String arg : args) {
                                try {
                                    switch (arg) {
                                        case "helper" -> System.out.println(app.other.Helper.twice(21));
                                        case "broken" -> System.out.println(app.Broken.call());
                                        case "refused" -> System.out.println(Weft.run(app.Refused.good()));
                                        case "fallback" -> System.out.println(app.Refused.answerOrFallback());
                                        default -> throw new IllegalArgumentException(arg);
                                    }
                                } catch (NotWovenError e) {
                                    System.out.println(arg + " failed: " + e.getMessage());
                                }
                            }
                        }
                    }
                    """,
            "app.other.Helper", """
                    package app.other;
                    import dev.weft.*;
                    import static dev.weft.Weft.await;
                    public class Helper {
                        @Async static Coroutine<Integer> value(int v) { return Coroutine.of(v); }
                        @Async static Coroutine<Integer> doubled(int v) { return Coroutine.of(2 * await(value(v))); }
                        public static int twice(int v) { return Weft.run(doubled(v)); }
                    }
                    """,
            "app.Broken", """
                    package app;
                    import dev.weft.*;
                    public class Broken {
                        public static String call() {
                            return "got " + Weft.await(Coroutine.of(1));
                        }
                    }
                    """,
            // one await in a synchronized block, in another method than the one called; the second problem (line
            // 17) is found before the first (line 12), which only weaving the method finds
            "app.Refused", """
                    package app;
                    import dev.weft.*;
                    import java.time.Duration;
                    import static dev.weft.Weft.await;
                    public class Refused {
                        @Async public static Coroutine<Integer> good() {
                            await(Weft.sleep(Duration.ofMillis(1)));
                            return Coroutine.of(1);
                        }
                        @Async static Coroutine<Integer> locked(Object lock) {
                            synchronized (lock) {
                                await(Weft.sleep(Duration.ZERO));
                            }
                            return Coroutine.of(2);
                        }
                        static void helper() {
                            await(Weft.sleep(Duration.ZERO));
                        }
                        @Async static Coroutine<Integer> answer() {
                            await(Weft.sleep(Duration.ZERO));
                            return Coroutine.of(42);
                        }
                        public static int answerOrFallback() { // the README's advice: catch (Exception e) around awaits
                            try {
                                return Weft.run(answer());
                            } catch (Exception e) {
                                return -1;
                            }
                        }
                    }
                    """);

    private static Map<String, byte[]> compiled;
    private static Path appJar;

    @BeforeAll
    static void buildApp(@TempDir Path dir) throws IOException {
        compiled = InMemoryCompiler.compile(17, APP);
        appJar = dir.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(appJar), manifest)) {
            for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey().replace('.', '/') + ".class"));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
    }

    private static String classPath() {
        return appJar + java.io.File.pathSeparator + Artifacts.runtime();
    }

    private static JavaProcess.Result runApp(String agentOptions, String... args) throws Exception {
        String agent = "-javaagent:" + Artifacts.agentJar() + (agentOptions == null ? "" : "=" + agentOptions);
        List<String> command = new java.util.ArrayList<>(List.of(agent, "-cp", classPath(), "app.Main"));
        command.addAll(List.of(args));
        return JavaProcess.java(command);
    }

    @Test
    void theAgentWeavesClassesAsTheyLoad() throws Exception {
        JavaProcess.Result r = runApp(null);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("11", r.stdout().strip(), r.toString());
    }

    @Test
    void withoutTheAgentAwaitExplainsHowToEnableWeaving() throws Exception {
        JavaProcess.Result r = JavaProcess.java(List.of("-cp", classPath(), "app.Main"));
        assertTrue(r.exitCode() != 0, r.toString());
        assertTrue(r.stderr().contains("has not been woven"), r.toString());
        assertTrue(r.stderr().contains("no Weft agent runs in this JVM"), r.toString());
        assertTrue(r.stderr().contains("-javaagent:weft-agent.jar"), r.toString());
    }

    @Test
    void agentAndWeaverProduceTheSameBytes(@TempDir Path dump) throws Exception {
        JavaProcess.Result r = runApp("dump=" + dump, "helper");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("11", "42"), r.stdout().strip().lines().toList(), r.toString());
        for (String name : List.of("app.Main", "app.other.Helper")) {
            Path dumped = dump.resolve(name.replace('.', '/') + ".class");
            assertTrue(Files.isRegularFile(dumped), "agent dumped " + dumped + "\n" + r);
            assertArrayEquals(new Weaver().weave(compiled.get(name)).bytes(), Files.readAllBytes(dumped), name);
        }
    }

    @Test
    void verboseNamesEachWovenClass() throws Exception {
        JavaProcess.Result r = runApp("verbose", "helper");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("[weft] wove app.Main (2 methods)"), r.toString());
        assertTrue(r.stderr().contains("[weft] wove app.other.Helper (2 methods)"), r.toString());
    }

    @Test
    void includeLimitsWhichClassesAreWoven() throws Exception {
        JavaProcess.Result r = runApp("include=app.*,verbose", "helper");
        assertTrue(r.stderr().contains("[weft] wove app.Main"), r.toString());
        assertTrue(!r.stderr().contains("wove app.other.Helper"), r.toString());
        assertTrue(r.stderr().contains("[weft] not included: app.other.Helper"), r.toString());

        JavaProcess.Result all = runApp("include=app.**", "helper");
        assertEquals(0, all.exitCode(), all.toString());
        assertEquals(List.of("11", "42"), all.stdout().strip().lines().toList(), all.toString());
    }

    /** The agent runs, but was told not to weave the class: the error says so, and which include would. */
    @Test
    void anAwaitInAClassOutsideTheIncludesSaysItIsNotIncluded() throws Exception {
        JavaProcess.Result r = runApp("include=app.Main", "helper");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("helper failed: Weft.await(...) was called in a method that has not been woven: class app.other.Helper"
                + " is not woven: the Weft agent is running, but its include patterns (include=app.Main) do not match it."
                + " Add include=app.other.* to the agent's options (-javaagent:weft-agent.jar=...), or weave the class at"
                + " build time with dev.weft:weft-maven-plugin", r.stdout().lines().toList().get(1), r.toString());
        assertEquals("", r.stderr(), "nothing to report unless verbose");
    }

    @Test
    void aRefusedClassIsReportedWithEveryProblemInLineOrder() throws Exception {
        JavaProcess.Result r = runApp(null, "helper");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stderr(), "Refused is never loaded: nothing reported");

        JavaProcess.Result refused = runApp(null, "refused");
        assertEquals(0, refused.exitCode(), refused.toString());
        List<String> report = refused.stderr().lines().toList();
        assertEquals(3, report.size(), refused.toString());
        assertEquals("[weft] not woven: app.Refused (2 problems); it loads as compiled, and where it needs weaving it"
                + " throws a NotWovenError naming them:", report.get(0));
        assertTrue(report.get(1).startsWith("[weft] Refused.java:12: app.Refused.locked(Object): await(...) inside a"
                + " synchronized block: "), report.get(1));
        assertTrue(report.get(2).startsWith("[weft] Refused.java:17: app.Refused.helper(): await(...) in a method that is"
                + " not @Async: "), report.get(2));
    }

    /** Calling good(), which is fine itself, fails at its await with the refusal and its reasons, not "start an agent". */
    @Test
    void anAsyncMethodOfARefusedClassFailsNamingTheRefusalAndItsReasons() throws Exception {
        JavaProcess.Result r = runApp(null, "refused");
        assertEquals(0, r.exitCode(), r.toString());
        String failure = r.stdout().substring(r.stdout().indexOf("refused failed: "));
        List<String> lines = failure.lines().toList();
        assertEquals(List.of("refused failed: Weft.await(...) was called in a method that has not been woven: the Weft agent"
                        + " refused class app.Refused, which loaded as it was compiled. Fix these problems (the agent printed"
                        + " them when the class loaded):",
                "  " + r.stderr().lines().toList().get(1).substring("[weft] ".length()),
                "  " + r.stderr().lines().toList().get(2).substring("[weft] ".length())), lines, r.toString());
        assertTrue(!failure.contains("-javaagent"), failure);
    }

    /**
     * A refused class cannot answer silently wrong: its failure is an Error, so the fallback of a {@code catch
     * (Exception e)} around the await never runs; the failure reaches main's {@code catch (NotWovenError e)} with
     * the refusal's reason.
     */
    @Test
    void aCatchOfExceptionCannotTurnARefusalIntoAFallbackValue() throws Exception {
        JavaProcess.Result r = runApp(null, "fallback");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(!r.stdout().contains("-1"), r.toString());
        assertTrue(r.stdout().contains("fallback failed: Weft.await(...) was called in a method that has not been woven:"
                + " the Weft agent refused class app.Refused"), r.toString());
        assertTrue(r.stdout().contains("Refused.java:12: app.Refused.locked(Object): await(...) inside a synchronized block"),
                r.toString());
    }

    @Test
    void anAwaitOutsideAnyAsyncMethodIsRefusedAndFailsNamingIt() throws Exception {
        JavaProcess.Result r = runApp(null, "broken");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("[weft] not woven: app.Broken (1 problem)"), r.toString());
        assertTrue(r.stdout().contains("broken failed: Weft.await(...) was called in a method that has not been woven: the"
                + " Weft agent refused class app.Broken"), r.toString());
        assertTrue(r.stdout().contains("  Broken.java:5: app.Broken.call(): await(...) in a method that is not @Async"), r.toString());
    }

    @Test
    void withoutTheAgentARefusedClassFailsWithHowToEnableWeaving() throws Exception {
        JavaProcess.Result r = JavaProcess.java(List.of("-cp", classPath(), "app.Main", "refused"));
        assertTrue(r.exitCode() != 0, r.toString());
        assertTrue(r.stderr().contains("Weft.await(...) was called in a method that has not been woven. await only works"
                + " inside a method annotated @dev.weft.Async (returning Coroutine) whose class was woven, and no Weft agent"
                + " runs in this JVM"), r.toString());
        assertTrue(r.stderr().contains("start the JVM with -javaagent:weft-agent.jar"), r.toString());
    }

    /**
     * An agent attached to the running JVM cannot weave the classes loaded before it: their awaits say that the
     * agent runs but never saw the class, rather than asking for an agent.
     */
    @Test
    void aClassLoadedBeforeTheAgentWasAttachedSaysTheAgentNeverSawIt(@TempDir Path dir) throws Exception {
        Map<String, byte[]> late = InMemoryCompiler.compile(17, Map.of("late.Early", """
                package late;
                import dev.weft.*;
                import java.time.Duration;
                import static dev.weft.Weft.await;
                public class Early {
                    @Async static Coroutine<Integer> f() { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(1); }
                    public static void main(String[] args) throws Exception {
                        Class<?> vms = Class.forName("com.sun.tools.attach.VirtualMachine");
                        Object vm = vms.getMethod("attach", String.class).invoke(null, String.valueOf(ProcessHandle.current().pid()));
                        vms.getMethod("loadAgent", String.class).invoke(vm, args[0]);
                        vms.getMethod("detach").invoke(vm);
                        System.out.println("agent: " + System.getProperty("weft.agent"));
                        try {
                            Weft.run(f());
                        } catch (NotWovenError e) {
                            System.out.println(e.getMessage());
                        }
                    }
                }
                """));
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("late"));
        Files.write(classes.resolve("late/Early.class"), late.get("late.Early"));
        JavaProcess.Result r = JavaProcess.java(List.of("-Djdk.attach.allowAttachSelf=true", "-cp",
                classes + java.io.File.pathSeparator + Artifacts.runtime(), "late.Early", Artifacts.agentJar().toString()));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("agent: include=[all classes], verbose=false, dump=none"), r.toString());
        assertTrue(r.stdout().contains("Weft.await(...) was called in a method that has not been woven: the Weft agent is"
                + " running (include=[all classes], verbose=false, dump=none) but never wove class late.Early (in method f)."
                + " It sees only the classes loaded after it was installed"), r.toString());
    }

    /**
     * A class woven by another version of Weft (its marker names another woven-code format) cannot run on this
     * runtime: the agent refuses it, and calling its @Async method fails at once saying to recompile it, instead
     * of a NoSuchFieldError deep in the old woven code.
     */
    @Test
    void anAsyncMethodOfAClassWovenInAnotherFormatFailsAskingToRecompileIt(@TempDir Path dir) throws Exception {
        byte[] woven = new Weaver().weave(InMemoryCompiler.compile(17, Map.of("stale.Stale", """
                package stale;
                import dev.weft.*;
                public class Stale {
                    @Async static Coroutine<Integer> f() { return Coroutine.of(Weft.await(Coroutine.of(1)) + 1); }
                    public static void main(String[] args) {
                        try {
                            System.out.println(Weft.run(f()));
                        } catch (NotWovenError e) {
                            System.out.println(e.getMessage());
                        }
                    }
                }
                """)).get("stale.Stale")).bytes();
        org.objectweb.asm.tree.ClassNode cls = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(woven).accept(cls, 0);
        cls.invisibleAnnotations.stream().filter(a -> a.desc.equals("Ldev/weft/internal/Woven;"))
                .forEach(a -> a.values = new java.util.ArrayList<>(List.of("format", 1)));
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        cls.accept(writer);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("stale"));
        Files.write(classes.resolve("stale/Stale.class"), writer.toByteArray());

        JavaProcess.Result r = JavaProcess.java(List.of("-javaagent:" + Artifacts.agentJar(), "-cp",
                classes + java.io.File.pathSeparator + Artifacts.runtime(), "stale.Stale"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().startsWith("[weft] not woven: stale.Stale (1 problem)"), r.toString());
        List<String> out = r.stdout().lines().toList();
        assertEquals("this @Async method cannot run: the Weft agent refused class stale.Stale, which loaded as it was"
                + " compiled. Fix this problem (the agent printed it when the class loaded):", out.get(0), r.toString());
        assertTrue(out.get(1).startsWith("  Stale.java: stale.Stale: this class was woven by another version of Weft"
                + " (woven-code format 1;"), r.toString());
        assertTrue(out.get(1).endsWith("recompile it (mvn clean)"), r.toString());
    }

    @Test
    void anUnknownOptionIsReportedAndTheApplicationStillRuns() throws Exception {
        JavaProcess.Result r = runApp("bogus");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("11", r.stdout().strip(), r.toString());
        assertTrue(r.stderr().contains("bogus"), r.toString());
    }

    @Test
    void classesWovenByThePluginAreLeftAsTheyAreByTheAgent() throws Exception {
        String cp = Artifacts.required("weft.examples.classes") + java.io.File.pathSeparator + Artifacts.runtime();
        JavaProcess.Result r = JavaProcess.java(List.of("-javaagent:" + Artifacts.agentJar() + "=verbose", "-cp", cp,
                "dev.weft.examples.Demo"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("main     outer() returned 11"), r.toString());
        assertTrue(r.stdout().contains("sleeper ended cancelled: true"), r.toString());
        assertTrue(r.stderr().lines().noneMatch(l -> l.startsWith("[weft] wove")), "already woven: a no-op\n" + r);
    }

    @Test
    void theAgentJarShadesAsmAndDoesNotBundleTheRuntime() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Artifacts.agentJar().toFile())) {
            assertEquals("dev.weft.agent.WeftAgent", jar.getManifest().getMainAttributes().getValue("Premain-Class"));
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.contains("dev/weft/agent/shaded/asm/ClassReader.class"), "ASM is relocated");
            assertTrue(names.contains("dev/weft/transformer/Weaver.class"));
            assertTrue(names.stream().noneMatch(n -> n.startsWith("org/objectweb/")), "no unrelocated ASM");
            assertTrue(names.stream().noneMatch(n -> n.endsWith("module-info.class")), "no module-info");
            assertTrue(names.stream().noneMatch(n -> n.equals("dev/weft/Weft.class") || n.startsWith("dev/weft/internal/")),
                    "the runtime is the application's, never bundled");
        }
    }
}
