package dev.weft.transformer.testing;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Random;

/** Damage done to real class files for the hostile-input tests, and the verifier they are judged by. */
public final class ClassFileMutations {
    private ClassFileMutations() {
    }

    /**
     * A copy of {@code original} truncated at a random point, with one to four random bits flipped, or with one
     * random byte overwritten (flips and overwrites spare the magic number and the version).
     */
    public static byte[] mutate(byte[] original, Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return Arrays.copyOf(original, random.nextInt(original.length));
            case 1: {
                byte[] b = original.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int i = 10 + random.nextInt(b.length - 10);
                    b[i] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
            default: {
                byte[] b = original.clone();
                b[10 + random.nextInt(b.length - 10)] = (byte) random.nextInt(256);
                return b;
            }
        }
    }

    /** Whether ASM's verifier, loading referenced classes through {@code loader}, accepts the class. */
    public static boolean verifies(byte[] bytes, ClassLoader loader) {
        return verifierReport(bytes, loader).isEmpty();
    }

    /** What ASM's verifier says against the class: empty if it accepts it. */
    public static String verifierReport(byte[] bytes, ClassLoader loader) {
        try {
            StringWriter report = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(report));
            return report.toString();
        } catch (Throwable unreadable) {
            return "unreadable: " + unreadable;
        }
    }
}
