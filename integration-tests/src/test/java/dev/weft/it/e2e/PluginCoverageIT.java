package dev.weft.it.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's coverage setup for a project woven by the plugin, built by the real Maven with the real
 * jacoco-maven-plugin: the unit tests run on the compiled classes with Weft's agent after JaCoCo's (the agent's
 * jar from {@code dependency:properties}), JaCoCo's report is written at the end of the {@code test} phase, and
 * the plugin weaves at {@code prepare-package}, so the jar is woven. The report is the truth of the source: the
 * one branch of two, none at an await, no woven body among the methods.
 */
class PluginCoverageIT {
    private static final String SHOP = """
            package cov;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class Shop {
                @Async public static Coroutine<Integer> price(int n) {
                    await(Weft.sleep(Duration.ZERO));
                    if (n > 10) {
                        return Coroutine.of(n * 9);
                    }
                    int p = await(Coroutine.of(n * 10));
                    return Coroutine.of(p);
                }
            }
            """;
    private static final String SHOP_TEST = """
            package cov;
            import dev.weft.Weft;
            import org.junit.jupiter.api.Test;
            import static org.junit.jupiter.api.Assertions.assertEquals;
            class ShopTest {
                @Test
                void smallOrdersCostTenEach() {
                    assertEquals(30, Weft.run(Shop.price(3)));
                }
            }
            """;

    private static String pom() {
        String weft = Artifacts.required("weft.version");
        return NestedMavenProject.pom("covered-app", """
                <dependency><groupId>dev.weft</groupId><artifactId>weft-agent</artifactId><version>%s</version><scope>test</scope></dependency>
                <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>%s</version><scope>test</scope></dependency>
                """.formatted(weft, Artifacts.required("weft.junit.version")), "", """
                <plugin>
                  <artifactId>maven-dependency-plugin</artifactId>
                  <version>3.8.1</version>
                  <executions><execution><goals><goal>properties</goal></goals></execution></executions>
                </plugin>
                <plugin>
                  <groupId>org.jacoco</groupId>
                  <artifactId>jacoco-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions>
                    <execution><goals><goal>prepare-agent</goal></goals></execution>
                    <execution><id>report</id><phase>test</phase><goals><goal>report</goal></goals></execution>
                  </executions>
                </plugin>
                <plugin>
                  <artifactId>maven-surefire-plugin</artifactId>
                  <configuration><argLine>@{argLine} -javaagent:${dev.weft:weft-agent:jar}</argLine></configuration>
                </plugin>
                <plugin>
                  <groupId>dev.weft</groupId>
                  <artifactId>weft-maven-plugin</artifactId>
                  <version>%s</version>
                  <executions><execution><phase>prepare-package</phase><goals><goal>weave</goal></goals></execution></executions>
                </plugin>
                """.formatted(Artifacts.required("weft.jacoco.version"), weft));
    }

    @Test
    void testsOnTheCompiledClassesUnderTheAgentGiveTheTrueCoverageAndTheJarIsWoven(@TempDir Path work) throws Exception {
        NestedMavenProject project = NestedMavenProject.create(work, pom(), Map.of(
                "src/main/java/cov/Shop.java", SHOP, "src/test/java/cov/ShopTest.java", SHOP_TEST), true);
        JavaProcess.Result build = project.mvn("package");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.stdout().contains("Tests run: 1, Failures: 0"), build.stdout());

        String report = Files.readString(project.dir().resolve("target/site/jacoco/jacoco.xml"), StandardCharsets.UTF_8);
        String shop = report.substring(report.indexOf("<class name=\"cov/Shop\""));
        shop = shop.substring(0, shop.indexOf("</class>"));
        assertFalse(shop.contains("$weft"), "no woven body among the methods: " + shop);
        assertTrue(shop.contains("<method name=\"price\""), shop);
        assertTrue(shop.contains("<counter type=\"BRANCH\" missed=\"1\" covered=\"1\"/>"), "one branch of two: " + shop);
        assertTrue(shop.contains("<counter type=\"METHOD\" missed=\"1\" covered=\"1\"/>"), "price and <init>: " + shop);

        String woven = new String(Files.readAllBytes(project.classes().resolve("cov/Shop.class")), StandardCharsets.ISO_8859_1);
        assertTrue(woven.contains("lambda$price$weft0"), "the packaged classes are woven");
    }
}
