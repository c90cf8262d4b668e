package dev.weft.bench.support;

import dev.weft.transformer.WeaveException;
import dev.weft.transformer.Weaver;

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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The class files the weaving benchmarks work on.
 *
 * <ul>
 *   <li>{@link #weftClasses()}: real Weft code, unwoven: the examples and the validation fixtures, whose sources
 *       the build copies into this module's resources ({@code weft-bench-corpus/}), compiled here with javac
 *       ({@code --release 17 -g}, as Maven compiles) and kept when the weaver has something to do in them;</li>
 *   <li>{@link #plainClasses(int)}: application classes that do not use Weft (Kotlin's standard library,
 *       kotlinx.coroutines and JMH, which this module has on its class path): what the agent sees for
 *       almost every class it is shown, and leaves alone.</li>
 * </ul>
 */
public final class Corpus {
    private static final String SOURCES = "weft-bench-corpus";
    private static final int RELEASE = 17;
    private static final Pattern SINCE = Pattern.compile("^//\\s*since:\\s*(\\d+)", Pattern.MULTILINE);

    private Corpus() {
    }

    private static List<byte[]> weftClasses;

    /** Unwoven class files that the weaver weaves (each has at least one {@code @Async} method). Compiled
     *  once per JVM. */
    public static synchronized List<byte[]> weftClasses() {
        if (weftClasses == null) {
            weftClasses = List.copyOf(compileWeftClasses());
        }
        return weftClasses;
    }

    private static List<byte[]> compileWeftClasses() {
        Map<String, String> sources = readSources();
        Map<String, byte[]> classes = compile(sources);
        Weaver weaver = new Weaver();
        List<byte[]> woven = new ArrayList<>();
        for (byte[] c : classes.values()) {
            try {
                if (weaver.weave(c) != null) {
                    woven.add(c);
                }
            } catch (WeaveException refused) {
                // a fixture that shows a refusal: not part of the throughput corpus
            }
        }
        if (woven.size() < 10) {
            throw new IllegalStateException("the weaving corpus is too small: " + woven.size() + " classes to weave from "
                    + sources.size() + " sources under " + SOURCES + "/");
        }
        return woven;
    }

    /** Up to {@code max} class files that do not use Weft, spread over the libraries on the class path. */
    public static List<byte[]> plainClasses(int max) {
        TreeMap<String, byte[]> all = new TreeMap<>();
        for (Class<?> anchor : new Class<?>[]{kotlin.Unit.class, kotlinx.coroutines.Job.class, org.openjdk.jmh.runner.Runner.class}) {
            Path location = codeSource(anchor);
            withRoot(location, root -> {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                        String name = root.relativize(p).toString().replace('\\', '/');
                        if (name.startsWith("META-INF/") || name.endsWith("module-info.class") || name.startsWith("dev/weft/")) {
                            return;
                        }
                        all.computeIfAbsent(name, n -> read(p));
                    });
                }
            });
        }
        List<byte[]> picked = new ArrayList<>();
        List<byte[]> values = new ArrayList<>(all.values());
        int step = Math.max(1, values.size() / Math.max(1, max));
        for (int i = 0; i < values.size() && picked.size() < max; i += step) {
            byte[] c = values.get(i);
            if (!Weaver.mightNeedWeaving(c)) {
                picked.add(c);
            }
        }
        if (picked.isEmpty()) {
            throw new IllegalStateException("no plain class files found on the class path");
        }
        return picked;
    }

    // ------------------------------------------------------------------------------------------ sources

    private static Map<String, String> readSources() {
        Map<String, String> sources = new TreeMap<>();
        withRoot(codeSource(Corpus.class), root -> {
            Path dir = root.resolve(SOURCES);
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                    String text = new String(read(p), StandardCharsets.UTF_8);
                    Matcher since = SINCE.matcher(text);
                    if (since.find() && Integer.parseInt(since.group(1)) > RELEASE) {
                        return;
                    }
                    sources.put(dir.relativize(p).toString().replace('\\', '/'), text);
                });
            }
        });
        if (sources.isEmpty()) {
            throw new IllegalStateException("no corpus sources under " + SOURCES + "/ next to " + codeSource(Corpus.class));
        }
        return sources;
    }

    /** Compiles all sources together; if that fails, each one alone, keeping those that compile. */
    private static Map<String, byte[]> compile(Map<String, String> sources) {
        Map<String, byte[]> all = compileTogether(sources);
        if (all != null) {
            return all;
        }
        Map<String, byte[]> some = new TreeMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Map<String, byte[]> one = compileTogether(Map.of(e.getKey(), e.getValue()));
            if (one != null) {
                some.putAll(one);
            }
        }
        return some;
    }

    private static Map<String, byte[]> compileTogether(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the weaving corpus is compiled with javac: run the benchmarks on a JDK, not a JRE");
        }
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, text) -> units.add(new SourceFile(path, text)));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        try (StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaFileManager files = new ForwardingJavaFileManager<>(std) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                           FileObject sibling) {
                    return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            return out.computeIfAbsent(className, n -> new ByteArrayOutputStream());
                        }
                    };
                }
            };
            List<String> options = List.of("--release", Integer.toString(RELEASE), "-g", "-proc:none", "-nowarn",
                    "-Xlint:none", "-classpath", codeSource(dev.weft.Weft.class).toString());
            Boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok || diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String text;

        SourceFile(String path, String text) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    // ------------------------------------------------------------------------------------------ files

    interface RootAction {
        void accept(Path root) throws IOException;
    }

    /** Runs {@code action} on a class-path entry's root: the directory itself, or the inside of a jar. */
    private static void withRoot(Path location, RootAction action) {
        try {
            if (Files.isDirectory(location)) {
                action.accept(location);
                return;
            }
            try (FileSystem jar = FileSystems.newFileSystem(location, (ClassLoader) null)) {
                action.accept(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
