package dev.weft.it.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Async} code written in Kotlin, compiled by the real kotlin-maven-plugin, woven by the real Weft plugin
 * or by the agent. The interesting case is an interface with an {@code @Async} default method: with Kotlin's
 * {@code -Xjvm-default=disable} the interface method is abstract and keeps {@code @Async}, and the body is a static
 * method of {@code Greeter$DefaultImpls} (with {@code -Xjvm-default=all} it is a real default method). An abstract
 * {@code @Async} method has nothing to weave: the build must pass, the agent must not report a refusal, and both
 * the inherited body and an override calling {@code super} must run woven.
 */
class KotlinIT {
    private static final String MAIN = """
            package app

            import dev.weft.Async
            import dev.weft.Coroutine
            import dev.weft.Weft
            import java.time.Duration

            interface Greeter {
                @Async
                fun greet(name: String): Coroutine<String> {
                    Weft.await(Weft.sleep(Duration.ofMillis(1)))
                    return Coroutine.of("hello, " + name)
                }

                @Async
                fun name(): Coroutine<String>
            }

            class Plain : Greeter {
                @Async
                override fun name(): Coroutine<String> {
                    Weft.await(Weft.sleep(Duration.ZERO))
                    return Coroutine.of("kotlin")
                }
            }

            class Loud : Greeter {
                @Async
                override fun name(): Coroutine<String> = Coroutine.of("KOTLIN")

                @Async
                override fun greet(name: String): Coroutine<String> {
                    val quiet = Weft.await(super.greet(name))
                    return Coroutine.of(quiet.uppercase() + "!")
                }
            }

            @Async
            fun both(): Coroutine<String> {
                val plain = Plain()
                val a = Weft.await(plain.greet(Weft.await(plain.name())))
                val loud = Loud()
                val b = Weft.await(loud.greet(Weft.await(loud.name())))
                return Coroutine.of(a + " / " + b)
            }

            fun main() {
                println(Weft.run(both()))
            }
            """;
    private static final String EXPECTED = "hello, kotlin / HELLO, KOTLIN!";

    private static NestedMavenProject project(Path work, String jvmDefault, boolean weave) throws Exception {
        String weft = Artifacts.required("weft.version");
        String weavePlugin = weave ? """
                <plugin>
                  <groupId>dev.weft</groupId>
                  <artifactId>weft-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions><execution><goals><goal>weave</goal></goals></execution></executions>
                </plugin>
                """.formatted(weft) : "";
        String pom = NestedMavenProject.pom("kotlin-app",
                "<dependency><groupId>org.jetbrains.kotlin</groupId><artifactId>kotlin-stdlib</artifactId><version>"
                        + kotlinVersion() + "</version></dependency>",
                "<sourceDirectory>src/main/kotlin</sourceDirectory>", """
                <plugin>
                  <groupId>org.jetbrains.kotlin</groupId>
                  <artifactId>kotlin-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions><execution><id>compile</id><goals><goal>compile</goal></goals></execution></executions>
                  <configuration>
                    <jvmTarget>17</jvmTarget>
                    <languageVersion>2.1</languageVersion>
                    <apiVersion>2.1</apiVersion>
                    <args><arg>-Xjvm-default=%s</arg></args>
                  </configuration>
                </plugin>
                """.formatted(Artifacts.required("weft.kotlin.compiler.version"), jvmDefault) + weavePlugin);
        return NestedMavenProject.create(work, pom, Map.of("src/main/kotlin/app/Main.kt", MAIN), true);
    }

    private static String kotlinVersion() {
        return Artifacts.required("weft.kotlin.version");
    }

    private static String classPath(NestedMavenProject project) {
        Path stdlib = Path.of(Artifacts.required("weft.localRepository"), "org", "jetbrains", "kotlin", "kotlin-stdlib",
                kotlinVersion(), "kotlin-stdlib-" + kotlinVersion() + ".jar");
        assertTrue(Files.isRegularFile(stdlib), stdlib + " (the benchmarks' kotlin-stdlib) is missing");
        return project.classes() + File.pathSeparator + Artifacts.runtime() + File.pathSeparator + stdlib;
    }

    private static void assertBuildsWovenAndRuns(Path work, String jvmDefault) throws Exception {
        NestedMavenProject project = project(work, jvmDefault, true);
        JavaProcess.Result build = project.mvn("package");
        assertEquals(0, build.exitCode(), build.toString());
        assertFalse(build.stdout().contains("abstract"), build.stdout());
        JavaProcess.Result run = JavaProcess.java(List.of("-cp", classPath(project), "app.MainKt"));
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(EXPECTED, run.stdout().strip(), run.toString());
    }

    @Test
    void theDefaultImplsOfAnInterfaceAreWovenByThePluginAndItsAbstractAsyncMethodIsNoError(@TempDir Path work)
            throws Exception {
        assertBuildsWovenAndRuns(work, "disable");
        assertTrue(Files.isRegularFile(work.resolve("project/target/classes/app/Greeter$DefaultImpls.class")),
                "the body lives in DefaultImpls");
    }

    @Test
    void realDefaultMethodsAreWovenByThePlugin(@TempDir Path work) throws Exception {
        assertBuildsWovenAndRuns(work, "all");
        assertFalse(Files.exists(work.resolve("project/target/classes/app/Greeter$DefaultImpls.class")));
    }

    @Test
    void theAgentWeavesTheDefaultImplsAndReportsNoRefusal(@TempDir Path work) throws Exception {
        NestedMavenProject project = project(work, "disable", false);
        JavaProcess.Result build = project.mvn("package");
        assertEquals(0, build.exitCode(), build.toString());
        JavaProcess.Result run = JavaProcess.java(List.of("-javaagent:" + Artifacts.agentJar(), "-cp",
                classPath(project), "app.MainKt"));
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(EXPECTED, run.stdout().strip(), run.toString());
        assertEquals("", run.stderr(), "no refusal reported");
    }
}
