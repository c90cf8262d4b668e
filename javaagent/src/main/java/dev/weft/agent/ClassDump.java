package dev.weft.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes woven class files under a directory, as {@code DIRECTORY/<internal/name>.class}, for inspection with
 * javap or a decompiler. The file layout is that of a class directory, so it can also be put on a class path.
 * Creates packages as needed and overwrites earlier dumps.
 */
final class ClassDump {
    private final Path directory;

    ClassDump(Path directory) {
        this.directory = directory;
    }

    /**
     * @param internalName the class name in internal form, {@code com/acme/Service}
     * @return the file written
     */
    Path write(String internalName, byte[] classFile) throws IOException {
        Path file = directory.resolve(internalName + ".class");
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.write(file, classFile);
    }
}
