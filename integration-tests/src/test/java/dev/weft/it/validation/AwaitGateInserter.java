package dev.weft.it.validation;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a compiled, not yet woven class so that every {@code Weft.await(x)} becomes
 * {@code Weft.await(AwaitGates.gate(x))}: the same stack shape, so the class's frames stay valid and the
 * weaver sees ordinary code.
 */
final class AwaitGateInserter {
    private static final String GATES = AwaitGates.class.getName().replace('.', '/');

    private AwaitGateInserter() {
    }

    static byte[] insert(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDesc, boolean itf) {
                        if (opcode == Opcodes.INVOKESTATIC && owner.equals("dev/weft/Weft") && mName.equals("await")) {
                            if (mDesc.equals("(Ldev/weft/Awaitable;)Ljava/lang/Object;")) {
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, GATES, "gate",
                                        "(Ldev/weft/Awaitable;)Ldev/weft/Awaitable;", false);
                            } else if (mDesc.equals("(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;")) {
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, GATES, "gateStage",
                                        "(Ljava/util/concurrent/CompletionStage;)Ljava/util/concurrent/CompletionStage;", false);
                            }
                        }
                        super.visitMethodInsn(opcode, owner, mName, mDesc, itf);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
