package dev.weft.it.e2e;

import dev.weft.transformer.testing.InMemoryCompiler;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.IClassCoverage;
import org.jacoco.core.analysis.ICounter;
import org.jacoco.core.analysis.IMethodCoverage;
import org.jacoco.core.tools.ExecFileLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coverage a user measures of woven code with JaCoCo's agent beside Weft's: JaCoCo's report against the user's
 * compiled classes must be the truth of the source (the lines run, the one branch taken of two, no branch at an
 * await, no extra method), in both orders of the two {@code -javaagent} options. Weft's agent weaves after
 * JaCoCo's, whatever the order (it registers a retransformation-capable transformer, which the JVM calls after
 * the others), so JaCoCo instruments, and identifies, the class as compiled.
 */
class JacocoIT {
    private static final String SOURCE = """
            package cov;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Shop {
                @Async static Coroutine<Integer> price(int n) {
                    await(Weft.sleep(Duration.ZERO));
                    if (n > 10) {
                        return Coroutine.of(n * 9);
                    }
                    int p = await(Coroutine.of(n * 10));
                    await(Weft.sleep(Duration.ofMillis(1)));
                    return Coroutine.of(p);
                }
                public static void main(String[] args) { System.out.println(Weft.run(price(3))); }
            }
            """;

    private static Path classes;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("cov"));
        Files.write(classes.resolve("cov/Shop.class"), InMemoryCompiler.compile(17, Map.of("cov.Shop", SOURCE)).get("cov.Shop"));
    }

    private static IClassCoverage run(Path dir, boolean jacocoFirst) throws Exception {
        Path exec = dir.resolve("jacoco.exec");
        String jacoco = "-javaagent:" + Artifacts.required("weft.jacoco.agent.jar") + "=destfile=" + exec + ",includes=cov.*";
        String weft = "-javaagent:" + Artifacts.agentJar();
        List<String> command = new ArrayList<>(jacocoFirst ? List.of(jacoco, weft) : List.of(weft, jacoco));
        command.addAll(List.of("-cp", classes + File.pathSeparator + Artifacts.runtime(), "cov.Shop"));
        JavaProcess.Result r = JavaProcess.run(prepend(JavaProcess.javaExecutable().toString(), command), null, Map.of(), 120);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("30", r.stdout().strip(), r.toString());
        assertEquals("", r.stderr(), r.toString());

        ExecFileLoader loader = new ExecFileLoader();
        loader.load(exec.toFile());
        CoverageBuilder coverage = new CoverageBuilder();
        new Analyzer(loader.getExecutionDataStore(), coverage).analyzeAll(classes.toFile());
        assertEquals(1, coverage.getClasses().size(), coverage.getClasses()::toString);
        IClassCoverage shop = coverage.getClasses().iterator().next();
        assertTrue(coverage.getNoMatchClasses().isEmpty(), "the execution data is of the compiled class");
        return shop;
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static void assertTrueCoverage(IClassCoverage shop) {
        TreeSet<String> methods = new TreeSet<>();
        for (IMethodCoverage m : shop.getMethods()) {
            methods.add(m.getName());
        }
        assertEquals(new TreeSet<>(List.of("<init>", "main", "price")), methods, "no woven body in the report");
        ICounter branches = shop.getBranchCounter();
        assertEquals(2, branches.getTotalCount(), "only the if's two branches; none at an await");
        assertEquals(1, branches.getCoveredCount());
        for (int line : new int[] {7, 11, 12, 13, 15}) {
            assertEquals(ICounter.FULLY_COVERED, shop.getLine(line).getStatus(), "line " + line);
        }
        assertEquals(ICounter.PARTLY_COVERED, shop.getLine(8).getStatus(), "the if: one branch of two");
        assertEquals(ICounter.NOT_COVERED, shop.getLine(9).getStatus(), "the branch not taken");
        assertEquals(ICounter.NOT_COVERED, shop.getLine(5).getStatus(), "the constructor nobody calls");
    }

    @Test
    void jacocosAgentFirstGivesTheTrueCoverageOfTheCompiledClass(@TempDir Path dir) throws Exception {
        assertTrueCoverage(run(dir, true));
    }

    @Test
    void weftsAgentFirstGivesTheSameTrueCoverage(@TempDir Path dir) throws Exception {
        assertTrueCoverage(run(dir, false));
    }
}
