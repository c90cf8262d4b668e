package dev.weft.it.validation;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.Weaver;
import dev.weft.transformer.WovenClass;
import dev.weft.transformer.testing.BytesClassLoader;
import dev.weft.transformer.testing.ClassFileMutations;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds the weaver real class files, mutated: every class of every validation fixture, as javac 17 and ecj
 * compile it, truncated at a random point, with random bits flipped, or with a random byte overwritten. For
 * each input the weaver must, within a time bound, either return (null, or a woven class) or throw the
 * documented {@link WeaveException} with at least one problem; and when the mutated input still verifies (ASM's
 * analyzer and the JVM's verifier), what it wove must verify too. Failing inputs are kept under
 * {@code target/mutated-class-failures}.
 */
class MutatedClassFilesTest {
    private static final int MUTATIONS_PER_CLASS = 12;
    private static final long SECONDS_PER_INPUT = 10;

    @Test
    void mutatedFixtureClassesAreWovenOrRefusedNeverAnythingElse() throws Exception {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        Map<String, BytesClassLoader> units = new LinkedHashMap<>();
        for (Compilers compiler : Compilers.available()) {
            if (compiler.release() != 17) {
                continue;
            }
            for (Fixture f : Fixture.all()) {
                if (f.since() <= 17 && !(f.javacOnly() && compiler.isEcj())) {
                    Map<String, byte[]> compiled = compiler.compile(Map.of(f.className(), f.source()));
                    BytesClassLoader unit = new BytesClassLoader(compiled, MutatedClassFilesTest.class.getClassLoader());
                    compiled.forEach((name, bytes) -> {
                        corpus.put(compiler.name() + " " + name, bytes);
                        units.put(compiler.name() + " " + name, unit);
                    });
                }
            }
        }
        Random random = new Random(4_2026_1124L);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-mutation-fuzz");
            t.setDaemon(true);
            return t;
        });
        int inputs = 0;
        int woven = 0;
        int refused = 0;
        int untouched = 0;
        int verifiedAndWoven = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
                for (int m = -1; m < MUTATIONS_PER_CLASS; m++) {
                    byte[] mutated = m < 0 ? e.getValue() : ClassFileMutations.mutate(e.getValue(), random); // -1: the original
                    String what = e.getKey() + ", mutation " + m;
                    BytesClassLoader unit = units.get(e.getKey());
                    inputs++;
                    Future<WovenClass> run = worker.submit(() -> new Weaver().weave(mutated));
                    WovenClass result;
                    try {
                        result = run.get(SECONDS_PER_INPUT, TimeUnit.SECONDS);
                    } catch (TimeoutException hung) {
                        fail(what + ": the weaver did not finish within " + SECONDS_PER_INPUT + " s");
                        return;
                    } catch (ExecutionException thrown) {
                        Throwable t = thrown.getCause();
                        if (t instanceof WeaveException && !((WeaveException) t).problems().isEmpty()) {
                            refused++;
                        } else {
                            StringWriter trace = new StringWriter();
                            t.printStackTrace(new PrintWriter(trace));
                            failures.add(what + ": " + trace.toString().lines().limit(12).collect(Collectors.joining("\n    ")));
                            keep(what, mutated, e.getValue());
                        }
                        continue;
                    }
                    if (result == null) {
                        untouched++;
                        continue;
                    }
                    woven++;
                    if (ClassFileMutations.verifies(mutated, unit) && jvmVerifies(className(e.getKey()), mutated, unit)) {
                        verifiedAndWoven++;
                        String report = ClassFileMutations.verifierReport(result.bytes(), unit);
                        if (report.isEmpty() && !jvmVerifies(className(e.getKey()), result.bytes(), unit)) {
                            report = "the JVM's verifier rejects it: " + jvmVerifyError(className(e.getKey()), result.bytes(), unit);
                        }
                        if (!report.isEmpty() && !(m >= 0 && report.contains("ClassNotFoundException"))) {
                            // (a mutation that renames a class can make the woven code name one that does not
                            // exist where the verifier must load it; that input would fail to link unwoven too)
                            failures.add(what + ": a class that verified was woven into one that does not: "
                                    + report.substring(0, Math.min(600, report.length())));
                            keep(what, mutated, e.getValue());
                        }
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf("mutated class files: %d inputs from %d classes: %d woven (%d of them from input that still verified),"
                + " %d refused, %d left alone%n", inputs, corpus.size(), woven, verifiedAndWoven, refused, untouched);
        assertTrue(failures.isEmpty(), failures.size() + " mutated inputs escaped the contract:\n" + String.join("\n", failures));
        assertTrue(woven > 0 && refused > 0 && verifiedAndWoven > 0,
                "the mutations reach all outcomes: woven " + woven + ", refused " + refused + ", woven from verifying input " + verifiedAndWoven);
    }

    private static String className(String corpusKey) {
        return corpusKey.substring(corpusKey.lastIndexOf(' ') + 1);
    }

    /**
     * Whether the JVM verifies and links {@code bytes} as class {@code name} beside the other classes of its
     * compilation. ASM's analyzer alone is lenient: it recomputes frames and never reads the declared ones, so
     * a damaged StackMapTable passes it.
     */
    private static boolean jvmVerifies(String name, byte[] bytes, BytesClassLoader unit) {
        return jvmVerifyError(name, bytes, unit) == null;
    }

    private static Throwable jvmVerifyError(String name, byte[] bytes, BytesClassLoader unit) {
        Map<String, byte[]> classes = new java.util.HashMap<>(unit.classes());
        classes.put(name, bytes);
        try {
            Class.forName(name, false, new BytesClassLoader(classes, MutatedClassFilesTest.class.getClassLoader())).getDeclaredMethods(); // reflection links the class
            return null;
        } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
            return e;
        }
    }

    /**
     * Saves an input that broke the contract and the class it was made from, to reproduce and compare them:
     * {@code target/mutated-class-failures/<what>.class} and {@code <what>.original.class}.
     */
    private static void keep(String what, byte[] input, byte[] original) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "mutated-class-failures");
        java.nio.file.Files.createDirectories(dir);
        String name = what.replaceAll("[^A-Za-z0-9.$-]+", "_");
        java.nio.file.Files.write(dir.resolve(name + ".class"), input);
        java.nio.file.Files.write(dir.resolve(name + ".original.class"), original);
    }
}
