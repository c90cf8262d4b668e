package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.RecordComponentNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Methods a compiler generated that carry a copy of {@code @Async} the user wrote elsewhere. Such a method
 * forwards to the method the user wrote, which is woven; weaving the forwarder as well would give every call
 * through it a second coroutine frame, delay what the forwarder does (a bridge's cast) from the call to the
 * first await, and refuse the class when the forwarder's return type is not {@code Coroutine}. So a forwarder
 * is neither woven nor checked against the rules of {@code @Async}: it stays the plain code the compiler
 * wrote. The cases:
 * <ul>
 *   <li><b>Bridge methods</b> ({@code ACC_BRIDGE}): javac copies a method's annotations onto each of its
 *       bridges: the erased signature of a generic interface or superclass method it implements, a covariant
 *       return type ({@code Awaitable} or {@code Object} in the overridden method), the visibility bridge a
 *       public class gets for a public method of its package-private superclass, and the bridges of
 *       interfaces, enums and records. ecj writes the same bridges without the annotation. A bridge is always
 *       a forwarder; an {@code await} in one (no compiler writes that) is refused as misuse.</li>
 *   <li><b>Other synthetic methods</b> ({@code ACC_SYNTHETIC}): a compiler may copy the annotation onto a
 *       forwarder such as Kotlin's {@code f$default} (default arguments), or move the user's body into a
 *       synthetic method. Such a method is woven when it calls {@code await} itself (then it is the body),
 *       and left as written otherwise (a forwarder).</li>
 *   <li><b>Record accessors</b>: {@code @Async} on a record component is propagated by the compiler to the
 *       component's accessor, whose code only returns the field. Left as written, the accessor returns the
 *       stored coroutine itself. An accessor the user wrote with any other code is an ordinary method.</li>
 * </ul>
 * Invariant: stateless; decides from the class file alone, loading nothing.
 */
final class CompilerGenerated {
    private CompilerGenerated() {
    }

    /** Whether {@code method} is a forwarder a compiler generated: never woven even if it carries {@code @Async}. */
    static boolean isForwarder(ClassNode cls, MethodNode method) {
        if (isBridge(method)) {
            return true;
        }
        if ((method.access & Opcodes.ACC_SYNTHETIC) != 0) {
            return MisuseCheck.awaitCalls(method).isEmpty();
        }
        return isPlainRecordAccessor(cls, method);
    }

    static boolean isBridge(MethodNode method) {
        return (method.access & Opcodes.ACC_BRIDGE) != 0;
    }

    /** An accessor of a record component whose code is {@code return this.component;}, the implicit accessor's. */
    private static boolean isPlainRecordAccessor(ClassNode cls, MethodNode method) {
        if (cls.recordComponents == null || (method.access & Opcodes.ACC_STATIC) != 0) {
            return false;
        }
        for (RecordComponentNode component : cls.recordComponents) {
            if (component.name.equals(method.name) && method.desc.equals("()" + component.descriptor)) {
                return returnsField(cls, method, component);
            }
        }
        return false;
    }

    private static boolean returnsField(ClassNode cls, MethodNode method, RecordComponentNode component) {
        List<AbstractInsnNode> code = new ArrayList<>();
        if (method.instructions != null) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn.getOpcode() >= 0) {
                    code.add(insn);
                }
            }
        }
        if (code.size() != 3 || code.get(0).getOpcode() != Opcodes.ALOAD || ((VarInsnNode) code.get(0)).var != 0
                || code.get(1).getOpcode() != Opcodes.GETFIELD || code.get(2).getOpcode() != Opcodes.ARETURN) {
            return false;
        }
        FieldInsnNode field = (FieldInsnNode) code.get(1);
        return field.owner.equals(cls.name) && field.name.equals(component.name) && field.desc.equals(component.descriptor);
    }
}
