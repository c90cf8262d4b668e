package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes {@code new X(a, await(b))} weavable. javac evaluates it as {@code NEW X; DUP; a; await b;
 * INVOKESPECIAL X.<init>}: at the await an object that is not yet constructed sits on the stack, and the JVM
 * offers no way to save it. The relocator moves {@code NEW X; DUP} to just before the constructor call,
 * parking the evaluated arguments in fresh locals meanwhile (as Kotlin's and EA Async's weavers do). The
 * only visible difference: class X is initialized after its arguments are evaluated instead of before.
 *
 * <p>It only handles the shapes javac and ecj emit — {@code NEW} directly followed by {@code DUP} with the two
 * copies staying on the stack until the call, or (ecj, when the object is not used afterwards) {@code NEW}
 * alone with its one copy — and reports anything else as a problem.
 */
final class ConstructorCallRelocator {
    private final MethodNode method;
    private final Frame<TypedValue>[] frames;
    private final List<String> problems = new ArrayList<>();
    private final List<AbstractInsnNode> problemAt = new ArrayList<>();
    private int nextLocal;
    /** For every uninitialized entry of a declared frame, the NEW it names (taken before anything moves). */
    private final java.util.Map<LabelNode, AbstractInsnNode> newOfLabel = new java.util.HashMap<>();

    ConstructorCallRelocator(MethodNode method, Frame<TypedValue>[] frames, int firstFreeLocal) {
        this.method = method;
        this.frames = frames;
        this.nextLocal = firstFreeLocal;
    }

    /** The NEW instructions whose objects are on the stack at one of the awaits. */
    Set<AbstractInsnNode> pendingNews(List<MethodInsnNode> awaits) {
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (MethodInsnNode await : awaits) {
            Frame<TypedValue> f = frames[method.instructions.indexOf(await)];
            for (int i = 0; i < f.getStackSize(); i++) {
                TypedValue v = f.getStack(i);
                if (v.kind == TypedValue.Kind.UNINITIALIZED) {
                    news.add(v.newInsn);
                }
            }
        }
        return news;
    }

    /** Relocates each given NEW; returns false (with problems recorded) if a shape is not supported. */
    boolean relocate(Set<AbstractInsnNode> news) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FrameNode && ((FrameNode) insn).stack != null) {
                for (Object e : ((FrameNode) insn).stack) {
                    if (e instanceof LabelNode) {
                        newOfLabel.computeIfAbsent((LabelNode) e, FrameNodes::newInsnAt);
                    }
                }
            }
        }
        List<Runnable> rewrites = new ArrayList<>();
        for (AbstractInsnNode newInsn : news) {
            Runnable r = plan((TypeInsnNode) newInsn);
            if (r != null) {
                rewrites.add(r);
            }
        }
        if (!problems.isEmpty()) {
            return false;
        }
        rewrites.forEach(Runnable::run);
        method.maxLocals = Math.max(method.maxLocals, nextLocal);
        return true;
    }

    List<String> problems() {
        return problems;
    }

    List<AbstractInsnNode> problemLocations() {
        return problemAt;
    }

    int nextFreeLocal() {
        return nextLocal;
    }

    private Runnable plan(TypeInsnNode newInsn) {
        InsnList insns = method.instructions;
        AbstractInsnNode next = nextReal(newInsn);
        // javac always emits NEW, DUP; ecj drops the DUP when the new object is not used afterwards
        AbstractInsnNode dup = next != null && next.getOpcode() == Opcodes.DUP ? next : null;
        MethodInsnNode init = null;
        for (AbstractInsnNode insn = next; insn != null; insn = insn.getNext()) {
            Frame<TypedValue> f = frames[insns.indexOf(insn)];
            if (f == null || insn.getOpcode() < 0) {
                continue;
            }
            for (int i = 0; i < f.getLocals(); i++) {
                TypedValue v = f.getLocal(i);
                if (v.kind == TypedValue.Kind.UNINITIALIZED && v.newInsn == newInsn) {
                    return fail(newInsn, "an object under construction ('new " + javaName(newInsn.desc)
                            + "') is stored in a local variable across an await; this bytecode shape cannot be woven");
                }
            }
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
                int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                int top = f.getStackSize() - 1;
                TypedValue receiver = f.getStack(top - args);
                if (receiver.kind == TypedValue.Kind.UNINITIALIZED && receiver.newInsn == newInsn) {
                    if (copiesOf(f, newInsn) != (dup != null ? 2 : 1)) {
                        return fail(newInsn, "'new " + javaName(newInsn.desc) + "(...)' around an await is not in the"
                                + " NEW, [DUP,] arguments, INVOKESPECIAL shape javac and ecj emit; this bytecode cannot be woven");
                    }
                    init = (MethodInsnNode) insn;
                    break;
                }
            }
        }
        if (init == null) {
            return fail(newInsn, "no constructor call found for 'new " + javaName(newInsn.desc) + "'");
        }
        List<FrameNode> declaring = framesDeclaring(newInsn);
        Type[] argTypes = Type.getArgumentTypes(init.desc);
        int[] temps = new int[argTypes.length];
        for (int i = 0; i < argTypes.length; i++) {
            temps[i] = nextLocal;
            nextLocal += argTypes[i].getSize();
        }
        MethodInsnNode call = init;
        return () -> {
            InsnList moved = new InsnList();
            for (int i = argTypes.length - 1; i >= 0; i--) {
                moved.add(new VarInsnNode(argTypes[i].getOpcode(Opcodes.ISTORE), temps[i]));
            }
            moved.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
            if (dup != null) {
                moved.add(new InsnNode(Opcodes.DUP));
            }
            for (int i = 0; i < argTypes.length; i++) {
                moved.add(new VarInsnNode(argTypes[i].getOpcode(Opcodes.ILOAD), temps[i]));
            }
            for (FrameNode frame : declaring) {
                frame.stack = withoutUninitialized(frame.stack, newInsn);
            }
            insns.insertBefore(call, moved);
            if (dup != null) {
                insns.remove(dup);
            }
            insns.remove(newInsn);
        };
    }

    /** How many copies of this NEW's object are on the stack of {@code frame}. */
    private static int copiesOf(Frame<TypedValue> frame, AbstractInsnNode newInsn) {
        int n = 0;
        for (int i = 0; i < frame.getStackSize(); i++) {
            TypedValue v = frame.getStack(i);
            if (v.kind == TypedValue.Kind.UNINITIALIZED && v.newInsn == newInsn) {
                n++;
            }
        }
        return n;
    }

    /** The declared frames whose stack names the object of this NEW. */
    private List<FrameNode> framesDeclaring(AbstractInsnNode newInsn) {
        List<FrameNode> result = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FrameNode && ((FrameNode) insn).stack != null) {
                for (Object e : ((FrameNode) insn).stack) {
                    if (e instanceof LabelNode && newOfLabel.get(e) == newInsn) {
                        result.add((FrameNode) insn);
                        break;
                    }
                }
            }
        }
        return result;
    }

    private List<Object> withoutUninitialized(List<Object> stack, AbstractInsnNode newInsn) {
        List<Object> kept = new ArrayList<>(stack.size());
        for (Object e : stack) {
            if (!(e instanceof LabelNode && newOfLabel.get(e) == newInsn)) {
                kept.add(e);
            }
        }
        return kept;
    }

    private Runnable fail(AbstractInsnNode at, String message) {
        problems.add(message);
        problemAt.add(at);
        return null;
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private static String javaName(String internalName) {
        return internalName.replace('/', '.');
    }
}
