package dev.weft.it.fuzz;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles generated programs in memory at a given {@code --release}. Unlike the validation tests' compiler it
 * keeps one file manager for all compilations (much faster over thousands of programs), and it builds the
 * class path from where the runtime and this package were loaded, so it works under surefire and under
 * {@code exec:java} alike (where {@code java.class.path} is Maven's own).
 */
final class FuzzCompiler {
    /** javac rejected a program; for a freshly generated program that is a generator bug. */
    static final class CompileError extends Exception {
        private static final long serialVersionUID = 1L;

        CompileError(String message) {
            super(message);
        }
    }

    private final JavaCompiler javac;
    private StandardJavaFileManager files;
    private final String classPath;

    FuzzCompiler() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the fuzzer on a JDK");
        }
        files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        classPath = location(dev.weft.Weft.class) + File.pathSeparator + location(RefRuntime.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles sources (binary class name to text); returns class files by binary name. A failure is retried
     * once with a fresh file manager: the shared one caches open jars, and a concurrent {@code mvn install}
     * replacing the runtime jar makes it fail with "cannot access dev.weft...".
     */
    synchronized Map<String, byte[]> compile(Map<String, String> sources, int release) throws CompileError {
        List<String> options = List.of("-g", "-nowarn", "-Xlint:none", "-proc:none",
                "--release", Integer.toString(release), "-classpath", classPath);
        try {
            return compileOnce(sources, options);
        } catch (CompileError e) {
            if (e.getMessage().startsWith("javac crashed")) {
                throw e;
            }
            try {
                files.close();
            } catch (java.io.IOException ignored) {
                // replaced below anyway
            }
            files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
            return compileOnce(sources, options);
        }
    }

    private Map<String, byte[]> compileOnce(Map<String, String> sources, List<String> options) throws CompileError {
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        ForwardingJavaFileManager<StandardJavaFileManager> manager = new ForwardingJavaFileManager<>(files) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        outputs.put(className, out);
                        return out;
                    }
                };
            }

            @Override
            public void close() {
                // keep the shared file manager open
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter(); // where javac reports its own crashes
        boolean ok;
        try {
            ok = javac.getTask(log, manager, diagnostics, options, null, units).call();
        } catch (RuntimeException e) {
            throw new CompileError("javac crashed: " + e);
        }
        if (!ok) {
            StringBuilder sb = new StringBuilder();
            if (log.getBuffer().indexOf("An exception has occurred in the compiler") >= 0) {
                sb.append("javac crashed: ").append(log.toString().lines()
                        .filter(l -> l.contains("Exception") && !l.startsWith("An exception")).findFirst().orElse(log.toString()))
                        .append('\n');
            }
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    sb.append(d).append('\n');
                }
            }
            throw new CompileError(sb.toString());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, out) -> classes.put(name, out.toByteArray()));
        return classes;
    }
}
