package dev.weft.it.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ModularApp} built by a real Maven build with the real weft-maven-plugin (maven-compiler-plugin
 * puts the runtime on the module path, since the project has a module-info), then run as a modular jar next
 * to the runtime jar, and on the class path.
 */
class ModularPluginIT {
    private static NestedMavenProject project;
    private static JavaProcess.Result build;

    @BeforeAll
    static void build(@TempDir Path work) throws Exception {
        project = NestedMavenProject.create(work, ModularApp.SOURCES);
        build = project.mvn("package");
    }

    private static Path appJar() {
        Path jar = project.dir().resolve("target/woven-app-1.0.jar");
        assertTrue(Files.isRegularFile(jar), build.toString());
        return jar;
    }

    @Test
    void theModularProjectBuildsAndItsAsyncMethodsAreWoven() {
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.stdout().contains("[INFO] Weft: wove 2 methods in 1 class (2 classes scanned) in "), build.stdout());
    }

    @Test
    void theWovenModularJarRunsOnTheModulePath() throws Exception {
        ModularApp.assertRan(ModularApp.runOnModulePath(appJar(), Artifacts.runtime()), "app", "dev.weft");
    }

    @Test
    void theSameWovenClassesRunOnTheClassPath() throws Exception {
        ModularApp.assertRan(ModularApp.runOnClassPath(appJar()), "unnamed", "unnamed");
    }
}
