package dev.weft.transformer.testing;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles Java sources in memory with the running JDK's javac, against the test class path, at a given
 * {@code --release}. Returns class files by binary name, in a stable order.
 */
public final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /** The highest {@code --release} the running javac supports. */
    public static int runningRelease() {
        return Runtime.version().feature();
    }

    /** Compiles with the running JDK's javac. */
    public static Map<String, byte[]> compile(int release, Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        return compile(javac, List.of("-Xlint:none"), release, sources);
    }

    /**
     * Compiles with any javax.tools compiler (javac, or the Eclipse compiler ecj, whose bytecode differs
     * from javac's in ways that broke other weavers), adding {@code compilerOptions} to the common ones.
     */
    public static Map<String, byte[]> compile(JavaCompiler javac, List<String> compilerOptions, int release,
                                              Map<String, String> sources) {
        if (!javac.getClass().getName().startsWith("com.sun.tools.javac")) {
            return compileThroughFiles(javac, compilerOptions, release, sources);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
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
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        List<String> options = new ArrayList<>(List.of("-g", "-nowarn",
                "-classpath", System.getProperty("java.class.path")));
        options.addAll(compilerOptions);
        options.addAll(List.of("--release", Integer.toString(release)));
        boolean ok = javac.getTask(null, manager, diagnostics, options, null, units).call();
        if (!ok) {
            StringBuilder sb = new StringBuilder("compilation failed at --release " + release + " with " + javac + ":\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                sb.append(d).append('\n');
            }
            throw new IllegalArgumentException(sb.toString());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, out) -> classes.put(name, out.toByteArray()));
        return classes;
    }

    /**
     * For compilers that only read real files (ecj insists that a source's path exists): writes the sources to
     * a temporary directory, compiles there, and reads the class files back.
     */
    private static Map<String, byte[]> compileThroughFiles(JavaCompiler compiler, List<String> compilerOptions,
                                                           int release, Map<String, String> sources) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("weft-compile");
            java.nio.file.Path src = dir.resolve("src");
            java.nio.file.Path out = dir.resolve("out");
            java.nio.file.Files.createDirectories(out);
            List<java.io.File> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                java.nio.file.Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, e.getValue());
                files.add(file.toFile());
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
            List<String> options = new ArrayList<>(List.of("-g", "-nowarn", "-classpath", System.getProperty("java.class.path"),
                    "-d", out.toString(), "--release", Integer.toString(release)));
            options.addAll(compilerOptions);
            boolean ok = compiler.getTask(null, manager, diagnostics, options, null,
                    manager.getJavaFileObjectsFromFiles(files)).call();
            if (!ok) {
                StringBuilder sb = new StringBuilder("compilation failed at --release " + release + " with " + compiler + ":\n");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    sb.append(d.getMessage(java.util.Locale.ROOT)).append('\n');
                }
                throw new IllegalArgumentException(sb.toString());
            }
            Map<String, byte[]> classes = new TreeMap<>();
            try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(out)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) walk.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    String name = out.relativize(f).toString().replace(java.io.File.separatorChar, '.');
                    classes.put(name.substring(0, name.length() - ".class".length()), java.nio.file.Files.readAllBytes(f));
                }
            }
            return classes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
