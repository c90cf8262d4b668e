package dev.weft.it.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ModularApp} compiled by javac and woven at load time by the real agent jar, with the runtime as
 * the named module {@code dev.weft}; and the same classes on the class path.
 */
class ModularAgentIT {
    private static Path classes;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        classes = ModularApp.compileWithJavac(dir);
    }

    private static String agent(String options) {
        return "-javaagent:" + Artifacts.agentJar() + (options == null ? "" : "=" + options);
    }

    @Test
    void theAgentWeavesTheClassesOfANamedModule() throws Exception {
        JavaProcess.Result r = ModularApp.runOnModulePath(classes, Artifacts.runtime(), agent("verbose"));
        ModularApp.assertRan(r, "app", "dev.weft");
        assertTrue(r.stderr().contains("[weft] wove app.Main (2 methods)"), r.toString());
    }

    @Test
    void withoutTheAgentTheNamedModuleExplainsHowToEnableWeaving() throws Exception {
        JavaProcess.Result r = ModularApp.runOnModulePath(classes, Artifacts.runtime());
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("has not been woven"), r.toString());
    }

    @Test
    void theSameClassesRunWovenOnTheClassPath() throws Exception {
        ModularApp.assertRan(ModularApp.runOnClassPath(classes, agent(null)), "unnamed", "unnamed");
    }

    @Test
    void aClassPathApplicationMayUseTheRuntimeAsANamedModule() throws Exception {
        JavaProcess.Result r = JavaProcess.java(List.of(agent(null), "--module-path", Artifacts.runtime().toString(),
                "--add-modules", "dev.weft", "-cp", classes.toString(), ModularApp.MAIN_CLASS));
        ModularApp.assertRan(r, "unnamed", "dev.weft");
    }

    @Test
    void wovenCodeInANamedModuleNeedsTheRuntimeToExportItsInternalPackage(@TempDir Path dir) throws Exception {
        Path runtime = RuntimeWithoutInternalExport.writeTo(dir.resolve("runtime"));
        JavaProcess.Result r = ModularApp.runOnModulePath(classes, runtime, agent(null));
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("IllegalAccessError"), r.toString());
        assertTrue(r.stderr().contains("module dev.weft does not export dev.weft.internal to module app"), r.toString());
        assertTrue(r.stdout().isEmpty(), r.toString());
    }
}
