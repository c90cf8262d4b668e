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
                            if (args.length > 0) {
                                System.out.println(app.other.Helper.twice(21));
                            }
                            if (args.length > 1) {
                                System.out.println(app.Broken.call());
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
                            try {
                                return "got " + Weft.await(Coroutine.of(1));
                            } catch (IllegalStateException e) {
                                return "refused at run time: " + e.getMessage().substring(0, 60);
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
        assertTrue(r.stderr().contains("-javaagent:weft-agent.jar"), r.toString());
    }

    @Test
    void agentAndWeaverProduceTheSameBytes(@TempDir Path dump) throws Exception {
        JavaProcess.Result r = runApp("dump=" + dump, "x");
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
        JavaProcess.Result r = runApp("verbose", "x");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("[weft] wove app.Main (2 methods)"), r.toString());
        assertTrue(r.stderr().contains("[weft] wove app.other.Helper (2 methods)"), r.toString());
    }

    @Test
    void includeLimitsWhichClassesAreWoven() throws Exception {
        JavaProcess.Result r = runApp("include=app.*,verbose", "x");
        assertTrue(r.stderr().contains("[weft] wove app.Main"), r.toString());
        assertTrue(!r.stderr().contains("wove app.other.Helper"), r.toString());
        assertTrue(r.exitCode() != 0 && r.stderr().contains("has not been woven"), "Helper ran unwoven:\n" + r);

        JavaProcess.Result all = runApp("include=app.**", "x");
        assertEquals(0, all.exitCode(), all.toString());
    }

    @Test
    void aRefusedClassIsLoggedOnceAndLoadsUnwoven() throws Exception {
        JavaProcess.Result r = runApp(null, "x", "y");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> refusals = r.stderr().lines().filter(l -> l.startsWith("[weft] not woven: app.Broken")).toList();
        assertEquals(1, refusals.size(), r.toString());
        assertTrue(refusals.get(0).contains("Broken.java:"), refusals.get(0));
        assertTrue(refusals.get(0).contains("not @Async"), refusals.get(0));
        assertTrue(r.stdout().contains("refused at run time: Weft.await(...) was called in a method that has not been"), r.toString());
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
