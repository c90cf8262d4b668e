package dev.weft.it.e2e;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A small modular application, module {@code app} with {@code requires dev.weft;} and nothing else: its
 * {@code @Async} code awaits a sleep, two tasks and a {@link java.util.concurrent.CompletableFuture} completed
 * on another thread, and the tasks take turns on a {@code dev.weft.sync.Lock}. The module exports nothing, so
 * its woven classes live in a package nobody else may read. It prints a fixed log, then which modules the
 * application and the runtime were loaded in, so a test can tell a module-path run from a class-path run.
 */
final class ModularApp {
    static final String MAIN_CLASS = "app.Main";
    static final String MAIN_MODULE = "app/" + MAIN_CLASS;

    static final Map<String, String> SOURCES = Map.of(
            "module-info", """
                    module app {
                        requires dev.weft;
                    }
                    """,
            MAIN_CLASS, """
                    package app;

                    import dev.weft.Async;
                    import dev.weft.Coroutine;
                    import dev.weft.Task;
                    import dev.weft.Weft;
                    import dev.weft.sync.Lock;
                    import java.time.Duration;
                    import java.util.ArrayList;
                    import java.util.List;
                    import java.util.concurrent.CompletableFuture;
                    import static dev.weft.Weft.await;

                    public class Main {
                        @Async static Coroutine<Integer> worker(String name, Lock lock, List<String> log) {
                            await(lock.acquire());
                            try {
                                log.add(name + " holds the lock");
                                await(Weft.sleep(Duration.ofMillis(5)));   // the other worker waits for the lock
                                log.add(name + " releases it");
                            } finally {
                                lock.release();
                            }
                            return Coroutine.of(name.length());
                        }

                        @Async static Coroutine<String> main() {
                            Lock lock = new Lock();
                            List<String> log = new ArrayList<>();
                            Task<Integer> first = Weft.spawn(worker("first", lock, log));
                            Task<Integer> second = Weft.spawn(worker("second", lock, log));
                            int fromAnotherThread = await(CompletableFuture.supplyAsync(() -> 20));
                            int lengths = await(first) + await(second);
                            log.add("sum " + (fromAnotherThread + lengths));
                            return Coroutine.of(String.join("\\n", log));
                        }

                        static String moduleOf(Class<?> c) {
                            Module m = c.getModule();
                            return m.isNamed() ? m.getName() : "unnamed";
                        }

                        public static void main(String[] args) {
                            System.out.println(Weft.run(main()));
                            System.out.println("app in " + moduleOf(Main.class) + ", runtime in " + moduleOf(Weft.class));
                        }
                    }
                    """);

    /** What the application prints, first its log and then the line naming its modules. */
    static final List<String> LOG = List.of(
            "first holds the lock", "first releases it", "second holds the lock", "second releases it", "sum 31");

    private ModularApp() {
    }

    /** Compiles {@link #SOURCES} with the running JDK's javac against the runtime as a named module. */
    static Path compileWithJavac(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-g", "--release", "17", "-d", out.toString(),
                "--module-path", Artifacts.runtime().toString()));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int exit = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertEquals(0, exit, "javac failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        return out;
    }

    /** {@code java [jvmOptions] --module-path app:runtime -m app/app.Main}: no --add-exports, --add-reads or --add-opens. */
    static JavaProcess.Result runOnModulePath(Path app, Path runtime, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(jvmOptions));
        command.addAll(List.of("--module-path", app + File.pathSeparator + runtime, "-m", MAIN_MODULE));
        return JavaProcess.java(command);
    }

    /** {@code java [jvmOptions] -cp app:runtime app.Main}: both in the unnamed module, module-info.class ignored. */
    static JavaProcess.Result runOnClassPath(Path app, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(jvmOptions));
        command.addAll(List.of("-cp", app + File.pathSeparator + Artifacts.runtime(), MAIN_CLASS));
        return JavaProcess.java(command);
    }

    /** Asserts a successful run that printed {@link #LOG} and then where the application and runtime were. */
    static void assertRan(JavaProcess.Result r, String appModule, String runtimeModule) {
        assertEquals(0, r.exitCode(), r.toString());
        List<String> expected = new ArrayList<>(LOG);
        expected.add("app in " + appModule + ", runtime in " + runtimeModule);
        assertEquals(expected, r.stdout().strip().lines().toList(), r.toString());
    }
}
