package dev.weft.transformer.testing;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Map;

/** Compiles a class and hands out its methods as ASM trees read with expanded frames, as the weaver reads them. */
public final class CompiledMethods {
    private final ClassNode cls;

    private CompiledMethods(ClassNode cls) {
        this.cls = cls;
    }

    public static CompiledMethods of(String className, String source) {
        byte[] bytes = InMemoryCompiler.compile(17, Map.of(className, source)).get(className);
        ClassNode cls = new ClassNode();
        new ClassReader(bytes).accept(cls, ClassReader.EXPAND_FRAMES);
        return new CompiledMethods(cls);
    }

    public ClassNode cls() {
        return cls;
    }

    public MethodNode method(String name) {
        return cls.methods.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name));
    }

    /** The first call to a method of that name in {@code method}. */
    public static MethodInsnNode call(MethodNode method, String name) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals(name)) {
                return (MethodInsnNode) insn;
            }
        }
        throw new AssertionError("no call to " + name);
    }
}
