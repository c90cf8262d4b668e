package dev.weft.it.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child JVM (the same JDK as the tests) or another command, and captures what it prints. A child JVM gets
 * JaCoCo's agent first on its command line when the build measures coverage ({@link ChildCoverage}).
 */
final class JavaProcess {
    /** What a finished process printed, and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private JavaProcess() {
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Result java(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(ChildCoverage.jvmArguments());
        command.addAll(args);
        return run(command, null, Map.of(), 120);
    }

    /**
     * @param environment variables to set for the command, on top of this JVM's environment and JAVA_HOME (the JDK
     *                    running the tests)
     */
    static Result run(List<String> command, Path workDir, Map<String, String> environment, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(environment);
        Path out = java.nio.file.Files.createTempFile("weft-proc", ".out");
        Path err = java.nio.file.Files.createTempFile("weft-proc", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process did not finish in " + timeoutSeconds + " s: " + command);
        }
        Result r = new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.deleteIfExists(out);
        java.nio.file.Files.deleteIfExists(err);
        return r;
    }
}
