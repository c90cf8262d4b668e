package dev.weft.it.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Async} code written in Scala, compiled by the real scala-maven-plugin and woven by the real Weft plugin.
 * An await in a {@code for} comprehension's body, or in a {@code try} used as a value inside a larger expression
 * (Scala 2 lifts it into {@code liftedTreeN$M}), lands in a method the compiler made: the build fails saying which
 * construct made it and how to rewrite it, and the rewrite it gives builds and runs woven.
 */
class ScalaIT {
    private static final String WITH_CLOSURES = """
            package app

            import dev.weft.{Async, Coroutine, Weft}

            object Main {
              @Async
              def total(n: Int): Coroutine[Integer] = {
                var sum = 0
                for (i <- 1 to n) {
                  sum += Weft.await(Coroutine.of(Integer.valueOf(i))).intValue
                }
                Coroutine.of(Integer.valueOf(sum))
              }

              @Async
              def lifted(): Coroutine[Integer] = {
                val x = 1 + (try { Weft.await(Coroutine.of(Integer.valueOf(2))).intValue } catch { case e: RuntimeException => 0 })
                Coroutine.of(Integer.valueOf(x))
              }

              def main(args: Array[String]): Unit = println(s"${Weft.run(total(3))} ${Weft.run(lifted())}")
            }
            """;
    /** The rewrites the refusals ask for: a while loop, and the try's result bound to a local first. */
    private static final String REWRITTEN = """
            package app

            import dev.weft.{Async, Coroutine, Weft}

            object Main {
              @Async
              def total(n: Int): Coroutine[Integer] = {
                var sum = 0
                var i = 1
                while (i <= n) {
                  sum += Weft.await(Coroutine.of(Integer.valueOf(i))).intValue
                  i += 1
                }
                Coroutine.of(Integer.valueOf(sum))
              }

              @Async
              def lifted(): Coroutine[Integer] = {
                val r = try { Weft.await(Coroutine.of(Integer.valueOf(2))).intValue } catch { case e: RuntimeException => 0 }
                Coroutine.of(Integer.valueOf(1 + r))
              }

              def main(args: Array[String]): Unit = println(s"${Weft.run(total(3))} ${Weft.run(lifted())}")
            }
            """;

    private static NestedMavenProject project(Path work, String library, String version, String source) throws Exception {
        String pom = NestedMavenProject.pom("scala-app",
                "<dependency><groupId>org.scala-lang</groupId><artifactId>" + library + "</artifactId><version>"
                        + version + "</version></dependency>",
                "<sourceDirectory>src/main/scala</sourceDirectory>", """
                <plugin>
                  <groupId>net.alchim31.maven</groupId>
                  <artifactId>scala-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions><execution><goals><goal>compile</goal></goals></execution></executions>
                </plugin>
                <plugin>
                  <groupId>dev.weft</groupId>
                  <artifactId>weft-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions><execution><goals><goal>weave</goal></goals></execution></executions>
                </plugin>
                """.formatted(Artifacts.required("weft.scala.plugin.version"), Artifacts.required("weft.version")));
        return NestedMavenProject.create(work, pom, Map.of("src/main/scala/app/Main.scala", source), true);
    }

    @Test
    void scala2sForClosureAndLiftedTryAreRefusedWithTheirRewritesAndTheRewritesRunWoven(@TempDir Path work)
            throws Exception {
        String scala = Artifacts.required("weft.scala2.version");
        NestedMavenProject refused = project(work, "scala-library", scala, WITH_CLOSURES);
        JavaProcess.Result build = refused.mvn("package");
        assertTrue(build.exitCode() != 0, build.toString());
        assertTrue(build.stdout().contains("Main.scala:10: app.Main$.$anonfun$total$1(IntRef, int): await(...) inside a"
                + " Scala function literal (in total): the body of a for comprehension"), build.stdout());
        assertTrue(build.stdout().contains("Main.scala:17: app.Main$.liftedTree1$1(): await(...) inside a Scala try"
                + " expression used as a value inside a larger expression"), build.stdout());
        assertFalse(build.stdout().contains("Annotate this method @Async"), build.stdout());

        NestedMavenProject rewritten = project(work, "scala-library", scala, REWRITTEN);
        JavaProcess.Result fixed = rewritten.mvn("package");
        assertEquals(0, fixed.exitCode(), fixed.toString());
        String classPath = rewritten.classes() + File.pathSeparator + Artifacts.runtime() + File.pathSeparator
                + rewritten.resolvedJar("org.scala-lang", "scala-library", scala);
        JavaProcess.Result run = JavaProcess.java(List.of("-cp", classPath, "app.Main"));
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("6 3", run.stdout().strip(), run.toString());
    }

    /** Scala 3 names a closure {@code total$$anonfun$1} and keeps a try expression in its method (it is woven). */
    @Test
    void scala3sForClosureIsRefusedNamingItsEnclosingMethod(@TempDir Path work) throws Exception {
        NestedMavenProject refused = project(work, "scala3-library_3", Artifacts.required("weft.scala3.version"),
                WITH_CLOSURES);
        JavaProcess.Result build = refused.mvn("package");
        assertTrue(build.exitCode() != 0, build.toString());
        assertTrue(build.stdout().contains("Main.scala:10: app.Main$.total$$anonfun$1(IntRef, int): await(...) inside a"
                + " Scala function literal (in total): the body of a for comprehension"), build.stdout());
        assertFalse(build.stdout().contains("liftedTree"), build.stdout());
        assertFalse(build.stdout().contains("Annotate this method @Async"), build.stdout());
    }
}
