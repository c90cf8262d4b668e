package dev.weft.transformer;

import java.nio.charset.StandardCharsets;

/**
 * Finds out cheaply whether a class file can concern Weft: the constant pool of a class that uses
 * {@code @Async} or {@code await} holds a UTF-8 entry containing {@code dev/weft/}. A byte search over
 * the whole file is enough (a false positive only costs a full parse) and reads no structure that a
 * corrupted file could break.
 */
final class ClassFileScan {
    private static final byte[] MARK = "dev/weft/".getBytes(StandardCharsets.US_ASCII);

    private ClassFileScan() {
    }

    static boolean mentionsWeft(byte[] classFile) {
        if (classFile == null) {
            return false;
        }
        byte first = MARK[0];
        int last = classFile.length - MARK.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (classFile[i] != first) {
                continue;
            }
            for (int j = 1; j < MARK.length; j++) {
                if (classFile[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
