package dev.weft.it.e2e;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the runtime whose module descriptor does not export {@code dev.weft.internal}, and is otherwise
 * the real one: the control that shows what that export is for. Written as a directory (an exploded module)
 * whatever form the runtime has here, a jar or a classes directory.
 */
final class RuntimeWithoutInternalExport {
    static final String INTERNAL = "dev/weft/internal";

    private RuntimeWithoutInternalExport() {
    }

    static Path writeTo(Path dir) throws IOException {
        Path runtime = Artifacts.runtime();
        if (Files.isDirectory(runtime)) {
            copyTree(runtime, dir);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(runtime)) {
                copyTree(jar.getPath("/"), dir);
            }
        }
        Path descriptor = dir.resolve("module-info.class");
        Files.write(descriptor, withoutInternalExport(Files.readAllBytes(descriptor)));
        return dir;
    }

    private static byte[] withoutInternalExport(byte[] moduleInfo) {
        ClassReader reader = new ClassReader(moduleInfo);
        ClassWriter writer = new ClassWriter(0);
        boolean[] dropped = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public ModuleVisitor visitModule(String name, int access, String version) {
                return new ModuleVisitor(Opcodes.ASM9, super.visitModule(name, access, version)) {
                    @Override
                    public void visitExport(String packaze, int exportAccess, String... modules) {
                        if (INTERNAL.equals(packaze)) {
                            dropped[0] = true;
                        } else {
                            super.visitExport(packaze, exportAccess, modules);
                        }
                    }
                };
            }
        }, 0);
        if (!dropped[0]) {
            throw new IllegalStateException("the runtime's module descriptor does not export " + INTERNAL);
        }
        return writer.toByteArray();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
        }
    }
}
