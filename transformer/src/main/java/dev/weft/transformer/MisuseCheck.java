package dev.weft.transformer;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules a class must follow to be woven, checked before anything changes: where {@code await} may be
 * called and which methods may carry {@code @Async}. Every violation is reported with what to do instead.
 */
final class MisuseCheck {
    static final int MIN_CLASS_VERSION = Opcodes.V1_8;

    private MisuseCheck() {
    }

    static boolean isAsync(MethodNode method) {
        if (method.visibleAnnotations == null) {
            return false;
        }
        for (AnnotationNode a : method.visibleAnnotations) {
            if (RuntimeNames.ASYNC_DESC.equals(a.desc)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Weft.await} calls of a method, in code order. */
    static List<MethodInsnNode> awaitCalls(MethodNode method) {
        List<MethodInsnNode> calls = new ArrayList<>();
        if (method.instructions == null) {
            return calls;
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode m = (MethodInsnNode) insn;
                if (m.getOpcode() == Opcodes.INVOKESTATIC && RuntimeNames.isAwait(m.owner, m.name, m.desc)) {
                    calls.add(m);
                }
            }
        }
        return calls;
    }

    /** Reports awaits where they cannot be woven: outside {@code @Async} methods, and {@code Weft::await}. */
    static void checkAwaitPlacement(ClassNode cls, MethodNode method, boolean async, ProblemReporter report) {
        if (method.instructions == null) {
            return;
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof InvokeDynamicInsnNode && referencesAwait((InvokeDynamicInsnNode) insn)) {
                report.at(method, insn, "Weft::await is used as a method reference; await cannot run inside a"
                        + " lambda or functional interface. Call await(...) directly in the body of an @Async method");
            }
        }
        if (async) {
            return;
        }
        for (MethodInsnNode call : awaitCalls(method)) {
            report.at(method, call, notAsyncMessage(method));
        }
    }

    private static boolean referencesAwait(InvokeDynamicInsnNode indy) {
        for (Object arg : indy.bsmArgs) {
            if (arg instanceof Handle) {
                Handle h = (Handle) arg;
                if (RuntimeNames.isAwait(h.getOwner(), h.getName(), h.getDesc())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String notAsyncMessage(MethodNode method) {
        if ("<init>".equals(method.name)) {
            return "await(...) inside a constructor: a constructor cannot suspend. Construct the object without"
                    + " awaiting, and move the awaiting code into an @Async method (for example a static @Async factory)";
        }
        if ("<clinit>".equals(method.name)) {
            return "await(...) inside a static initializer: class initialization cannot suspend."
                    + " Move the awaiting code into an @Async method";
        }
        if (CompilerGenerated.isBridge(method)) {
            return "await(...) inside a bridge method: a bridge only forwards to the method it bridges and is never"
                    + " woven, and no Java compiler puts an await in one. Recompile the class with javac or ecj";
        }
        String scala = ScalaGenerated.notAsyncMessage(method);
        if (scala != null) {
            return scala;
        }
        if (method.name.startsWith("lambda$") && (method.access & Opcodes.ACC_SYNTHETIC) != 0) {
            String enclosing = method.name.substring("lambda$".length());
            int end = enclosing.lastIndexOf('$');
            enclosing = end > 0 ? enclosing.substring(0, end) : enclosing;
            return "await(...) inside a lambda (in " + enclosing + "): a lambda body cannot suspend."
                    + " Move the code into an @Async method and await that from the enclosing @Async method";
        }
        return "await(...) in a method that is not @Async: only a method annotated @dev.weft.Async and returning"
                + " Coroutine<T> can suspend. Annotate this method @Async and make it return Coroutine<T>"
                + " (ending with 'return Coroutine.of(value)'), or spawn the work as a task from an @Async method";
    }

    /**
     * Checks that an {@code @Async} method can carry a coroutine body; false if it cannot be woven, or has nothing
     * to weave: an abstract {@code @Async} method (an interface's, or one whose body a compiler put elsewhere, as
     * Kotlin's {@code DefaultImpls}) is no error, only its return type is checked; its implementations are woven
     * where they carry {@code @Async} themselves.
     */
    static boolean checkAsyncMethod(ClassNode cls, MethodNode method, ProblemReporter report) {
        int before = report.count();
        if (!RuntimeNames.COROUTINE_DESC.equals(Type.getReturnType(method.desc).getDescriptor())) {
            String returned = Type.getReturnType(method.desc).getClassName();
            report.method(method, "@Async method must return dev.weft.Coroutine<T> but returns " + returned
                    + ". Declare the return type Coroutine<...> and end the body with 'return Coroutine.of(value)'"
                    + " (or 'return Coroutine.done()' when there is no value)");
        }
        if ((method.access & Opcodes.ACC_ABSTRACT) != 0) {
            return false;
        }
        if ((method.access & Opcodes.ACC_NATIVE) != 0) {
            report.method(method, "@Async on a native method: native code cannot be woven into a coroutine."
                    + " Remove @Async, or wrap the native call in an @Async method (off-loop if it blocks)");
        }
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            report.method(method, "@Async method is declared synchronized: the lock would only cover creating the"
                    + " coroutine, not running its body. Remove 'synchronized'; guard shared state with a synchronized"
                    + " block that contains no await, or with a coroutine-aware lock");
        }
        if (method.instructions != null) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                    report.at(method, insn, "@Async method uses jsr/ret subroutines (bytecode of Java 6 or older);"
                            + " recompile it with --release 8 or newer");
                    break;
                }
            }
        }
        if ((cls.version & 0xFFFF) < MIN_CLASS_VERSION) {
            report.method(method, "class file version " + (cls.version & 0xFFFF) + " is older than Java 8 (52);"
                    + " compile with --release 8 or newer to use @Async");
        }
        return report.count() == before;
    }
}
