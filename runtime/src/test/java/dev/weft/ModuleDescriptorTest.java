package dev.weft;

import dev.weft.internal.CoroutineBody;
import dev.weft.internal.Intrinsics;
import dev.weft.internal.WovenCoroutine;
import dev.weft.sync.Lock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's module descriptor as built (read from the compiled classes, so the same on the module path
 * and on the class path): what a modular application that {@code requires dev.weft} can see.
 */
class ModuleDescriptorTest {
    private static final Set<String> EXPORTED = Set.of("dev.weft", "dev.weft.sync", "dev.weft.io", "dev.weft.internal");

    @Test
    void theModuleIsDevWeftAndNeedsOnlyJavaBase() throws Exception {
        ModuleDescriptor d = built(Location::descriptor);
        assertEquals("dev.weft", d.name());
        assertEquals(Set.of("java.base"), d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertFalse(d.isOpen(), "nothing is opened to reflection");
        assertEquals(Set.of(), d.opens());
        assertEquals(Set.of(), d.uses());
        assertEquals(Set.of(), d.provides());
    }

    @Test
    void itExportsTheUserPackagesAndThePackageWovenCodeCallsToEveryModule() throws Exception {
        ModuleDescriptor d = built(Location::descriptor);
        assertEquals(EXPORTED, d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified),
                "an application module is unknown in advance: every export is unqualified");
    }

    @Test
    void everyPackageOfTheRuntimeIsExportedOrDeliberatelyNot() throws Exception {
        Set<String> packages = built(Location::packages);
        assertEquals(EXPORTED, packages, "a new package: export it in module-info.java only if user code or woven"
                + " code needs it, and update this test either way");
    }

    @Test
    void whatWovenCodeLinksAgainstIsPublicInAnExportedPackage() {
        for (Class<?> c : List.of(Weft.class, Coroutine.class, Async.class, Intrinsics.class, WovenCoroutine.class,
                WovenCoroutine.Wide.class, CoroutineBody.class, Lock.class)) {
            assertTrue(Modifier.isPublic(c.getModifiers()), c + " is public");
            assertTrue(EXPORTED.contains(c.getPackageName()), c + " is in an exported package");
        }
    }

    /** Reads what the runtime's classes hold, wherever they are: a classes directory or a jar. */
    private static <T> T built(Location<T> reader) throws IOException, URISyntaxException {
        Path location = Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return reader.read(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return reader.read(jar.getPath("/"));
        }
    }

    @FunctionalInterface
    private interface Location<T> {
        T read(Path root) throws IOException;

        static ModuleDescriptor descriptor(Path root) throws IOException {
            try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }

        /** The packages holding class files, as dotted names. */
        static Set<String> packages(Path root) throws IOException {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.getFileName() != null && f.getFileName().toString().endsWith(".class"))
                        .map(root::relativize)
                        .filter(f -> f.getParent() != null)
                        .map(f -> f.getParent().toString().replace(f.getFileSystem().getSeparator(), "."))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        }
    }
}
