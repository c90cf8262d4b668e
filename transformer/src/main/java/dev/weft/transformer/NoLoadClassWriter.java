package dev.weft.transformer;

import org.objectweb.asm.ClassWriter;

/**
 * A ClassWriter that never loads classes. The weaver writes every frame itself and only asks ASM to compute
 * max stack and locals, which needs no type hierarchy; should ASM ever ask for a common super class, that
 * is a weaver bug and must fail loudly rather than load classes (which deadlocks or fails inside an agent).
 */
final class NoLoadClassWriter extends ClassWriter {
    NoLoadClassWriter() {
        super(COMPUTE_MAXS);
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        throw new IllegalStateException("the weaver must not load classes (asked for the common super class of "
                + type1 + " and " + type2 + ")");
    }
}
