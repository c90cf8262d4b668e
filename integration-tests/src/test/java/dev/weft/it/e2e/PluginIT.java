package dev.weft.it.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Maven builds of a user project that uses the real weft-maven-plugin. */
class PluginIT {
    private static final String MAIN = """
            package app;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Main {
                @Async static Coroutine<Integer> inner() { await(Weft.sleep(Duration.ofMillis(5))); return Coroutine.of(10); }
                @Async static Coroutine<Integer> outer() { int x = await(inner()); return Coroutine.of(x + 1); }
                public static void main(String[] args) { System.out.println(Weft.run(outer())); }
            }
            """;

    private static JavaProcess.Result runMain(NestedMavenProject project) throws Exception {
        return JavaProcess.java(List.of("-cp", project.classes() + File.pathSeparator + Artifacts.runtime(), "app.Main"));
    }

    @Test
    void packageWeavesAndTheResultRunsOnAPlainJvmWithOnlyTheRuntime(@TempDir Path work) throws Exception {
        NestedMavenProject project = NestedMavenProject.create(work, Map.of("app.Main", MAIN));
        JavaProcess.Result build = project.mvn("package");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.stdout().contains("[INFO] Weft: wove 2 methods in 1 class (1 class scanned) in "), build.stdout());
        JavaProcess.Result run = runMain(project);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("11", run.stdout().strip());
    }

    @Test
    void weftSkipLeavesClassesUnwoven(@TempDir Path work) throws Exception {
        NestedMavenProject project = NestedMavenProject.create(work, Map.of("app.Main", MAIN));
        JavaProcess.Result build = project.mvn("package", "-Dweft.skip=true");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.stdout().contains("weaving skipped"), build.stdout());
        JavaProcess.Result run = runMain(project);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("has not been woven"), run.toString());
    }

    @Test
    void misuseFailsTheBuildListingEveryProblemAndLeavesClassesUntouched(@TempDir Path work) throws Exception {
        NestedMavenProject project = NestedMavenProject.create(work, Map.of(
                "app.Main", MAIN,
                "app.Plain", """
                        package app;
                        import dev.weft.*;
                        public class Plain {
                            static Object get(Awaitable<Object> a) {
                                return Weft.await(a);
                            }
                        }
                        """,
                "app.Locked", """
                        package app;
                        import dev.weft.*;
                        import java.time.Duration;
                        import static dev.weft.Weft.await;
                        public class Locked {
                            @Async static Coroutine<Void> f(Object lock) {
                                synchronized (lock) {
                                    await(Weft.sleep(Duration.ZERO));
                                }
                                return Coroutine.done();
                            }
                            @Async static int notACoroutine() { return 1; }
                        }
                        """));
        JavaProcess.Result compile = project.mvn("compile");
        assertEquals(0, compile.exitCode(), compile.toString());
        Map<String, String> before = project.snapshotClasses();
        assertEquals(3, before.size(), before.toString());

        JavaProcess.Result build = project.mvn("process-classes");
        assertNotEquals(0, build.exitCode(), build.toString());
        String out = build.stdout();
        assertTrue(out.contains("[ERROR] Plain.java:5: app.Plain.get(Awaitable): await(...) in a method that is not @Async"), out);
        assertTrue(out.contains("[ERROR] Locked.java:8: app.Locked.f(Object): await(...) inside a synchronized block"), out);
        assertTrue(out.contains("[ERROR] Locked.java:12: app.Locked.notACoroutine(): @Async method must return dev.weft.Coroutine<T>"), out);
        assertTrue(out.contains("3 weaving problems in 2 classes"), out);
        assertEquals(before, project.snapshotClasses(), "target/classes must be exactly as it was");
    }
}
