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
 * parking the evaluated arguments in fresh locals meanwhile (as Kotlin's and EA Async's weavers do). Where
 * the {@code NEW} was, a {@code NEW X; POP} remains: class X is still initialized before its arguments are
 * evaluated, as in plain Java (JLS 12.4.1), and an initializer that fails still fails there.
 *
 * <p>It handles the shapes javac and ecj emit: the object's copies made by {@code DUP}, kept on the stack or
 * parked in locals ({@code ASTORE}/{@code ALOAD}, as javac does around a switch expression that contains a
 * try), and one or two copies left at the constructor call (ecj drops the {@code DUP} when the object is not
 * used afterwards). Those moves are removed; a local still holding the object when its constructor runs gets
 * the constructed object stored into it right after the call, as the JVM's {@code <init>} would have made it
 * name the object. Anything else touching the object before its constructor runs is reported as a problem.
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
            for (int i = 0; i < f.getLocals(); i++) {
                TypedValue v = f.getLocal(i);
                if (v.kind == TypedValue.Kind.UNINITIALIZED) {
                    news.add(v.newInsn); // javac parks the stack in locals around a switch expression with a try
                }
            }
        }
        return news;
    }

    /** Relocates each given NEW; returns false (with problems recorded) if a shape is not supported. */
    boolean relocate(Set<AbstractInsnNode> news) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FrameNode) {
                FrameNode frame = (FrameNode) insn;
                for (List<Object> entries : java.util.Arrays.asList(frame.stack, frame.local)) {
                    if (entries == null) {
                        continue;
                    }
                    for (Object e : entries) {
                        if (e instanceof LabelNode) {
                            newOfLabel.computeIfAbsent((LabelNode) e, FrameNodes::newInsnAt);
                        }
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
        List<AbstractInsnNode> movers = new ArrayList<>();
        MethodInsnNode init = null;
        int copiesAtInit = 0;
        List<Integer> localsAtInit = new ArrayList<>();
        for (AbstractInsnNode insn : insns) {
            Frame<TypedValue> f = frames[insns.indexOf(insn)];
            if (f == null || insn.getOpcode() < 0 || insn == newInsn) {
                continue;
            }
            int op = insn.getOpcode();
            boolean topIsIt = f.getStackSize() > 0 && isIt(f.getStack(f.getStackSize() - 1), newInsn);
            if (op == Opcodes.DUP && topIsIt || op == Opcodes.ASTORE && topIsIt
                    || op == Opcodes.ALOAD && isIt(f.getLocal(((VarInsnNode) insn).var), newInsn)) {
                movers.add(insn); // copies of the object under construction: on the stack, or parked in a local
                continue;
            }
            if (op == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name)) {
                int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                if (isIt(f.getStack(f.getStackSize() - 1 - args), newInsn)) {
                    if (init != null) {
                        return fail(newInsn, "'new " + javaName(newInsn.desc) + "(...)' has two constructor calls;"
                                + " this bytecode cannot be woven around an await");
                    }
                    init = (MethodInsnNode) insn;
                    copiesAtInit = copiesOf(f, newInsn);
                    for (int i = 0; i < f.getLocals(); i++) {
                        if (isIt(f.getLocal(i), newInsn)) {
                            localsAtInit.add(i); // the JVM's <init> makes these name the constructed object too
                        }
                    }
                    continue;
                }
            }
            if (touches(f, insn, newInsn)) {
                return fail(newInsn, "'new " + javaName(newInsn.desc) + "(...)' around an await is used (opcode " + op
                        + ") before its constructor runs, which javac and ecj never do; this bytecode cannot be woven");
            }
        }
        if (init == null) {
            return fail(newInsn, "no constructor call found for 'new " + javaName(newInsn.desc) + "'");
        }
        if (copiesAtInit < 1 || copiesAtInit > 2) {
            return fail(newInsn, "'new " + javaName(newInsn.desc) + "(...)' around an await has " + copiesAtInit
                    + " copies on the stack at its constructor call; this bytecode cannot be woven");
        }
        boolean keepResult = copiesAtInit == 2;
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
            for (int i = (keepResult ? 1 : 0) + localsAtInit.size(); i > 0; i--) {
                moved.add(new InsnNode(Opcodes.DUP));
            }
            for (int i = 0; i < argTypes.length; i++) {
                moved.add(new VarInsnNode(argTypes[i].getOpcode(Opcodes.ILOAD), temps[i]));
            }
            InsnList stored = new InsnList();
            for (int local : localsAtInit) {
                stored.add(new VarInsnNode(Opcodes.ASTORE, local));
            }
            forgetInDeclaredFrames(newInsn);
            insns.insertBefore(call, moved);
            insns.insert(call, stored);
            method.maxStack += localsAtInit.size(); // their extra copies sit on top of the arguments at the call
            for (AbstractInsnNode m : movers) {
                insns.remove(m);
            }
            // the class is still initialized where plain Java initializes it (JLS 12.4.1): a NEW whose object is
            // dropped at once, never constructed (valid bytecode; the JIT removes the allocation)
            insns.insertBefore(newInsn, new TypeInsnNode(Opcodes.NEW, newInsn.desc));
            insns.insertBefore(newInsn, new InsnNode(Opcodes.POP));
            insns.remove(newInsn);
        };
    }

    private static boolean isIt(TypedValue v, AbstractInsnNode newInsn) {
        return v != null && v.kind == TypedValue.Kind.UNINITIALIZED && v.newInsn == newInsn;
    }

    /**
     * Whether {@code insn} uses or shuffles a stack entry holding the object (any instruction but the recognised
     * movers). Counts entries, not slots: a long or double is one entry of two slots.
     */
    private static boolean touches(Frame<TypedValue> f, AbstractInsnNode insn, AbstractInsnNode newInsn) {
        int entries;
        switch (insn.getOpcode()) {
            case Opcodes.SWAP:
            case Opcodes.DUP_X1:
                entries = 2;
                break;
            case Opcodes.POP2:
            case Opcodes.DUP2:
                entries = entriesInTopSlots(f, 2, 0);
                break;
            case Opcodes.DUP_X2:
                entries = 1 + entriesInTopSlots(f, 2, 1);
                break;
            case Opcodes.DUP2_X1: {
                int top = entriesInTopSlots(f, 2, 0);
                entries = top + 1;
                break;
            }
            case Opcodes.DUP2_X2: {
                int top = entriesInTopSlots(f, 2, 0);
                entries = top + entriesInTopSlots(f, 2, top);
                break;
            }
            case Opcodes.POP: case Opcodes.DUP: case Opcodes.ASTORE: case Opcodes.ARETURN: case Opcodes.ATHROW:
            case Opcodes.MONITORENTER: case Opcodes.MONITOREXIT: case Opcodes.IFNULL: case Opcodes.IFNONNULL:
            case Opcodes.CHECKCAST: case Opcodes.INSTANCEOF: case Opcodes.GETFIELD: case Opcodes.ARRAYLENGTH:
                entries = 1;
                break;
            case Opcodes.IF_ACMPEQ: case Opcodes.IF_ACMPNE: case Opcodes.PUTFIELD:
                entries = 2;
                break;
            case Opcodes.AASTORE:
                entries = 3;
                break;
            default:
                if (insn instanceof MethodInsnNode) {
                    entries = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length
                            + (insn.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
                    break;
                }
                if (insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode) {
                    entries = Type.getArgumentTypes(((org.objectweb.asm.tree.InvokeDynamicInsnNode) insn).desc).length;
                    break;
                }
                return false;
        }
        for (int i = Math.max(0, f.getStackSize() - entries); i < f.getStackSize(); i++) {
            if (isIt(f.getStack(i), newInsn)) {
                return true;
            }
        }
        return false;
    }

    /** How many stack entries, below the top {@code skipEntries}, make up {@code slots} slots. */
    private static int entriesInTopSlots(Frame<TypedValue> f, int slots, int skipEntries) {
        int entries = 0;
        for (int i = f.getStackSize() - 1 - skipEntries; i >= 0 && slots > 0; i--) {
            slots -= f.getStack(i).getSize();
            entries++;
        }
        return entries;
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

    /** Declared frames stop naming the object: off their stack, and TOP in the locals that parked it. */
    private void forgetInDeclaredFrames(AbstractInsnNode newInsn) {
        for (AbstractInsnNode insn : method.instructions) {
            if (!(insn instanceof FrameNode)) {
                continue;
            }
            FrameNode frame = (FrameNode) insn;
            if (frame.stack != null) {
                List<Object> kept = new ArrayList<>(frame.stack.size());
                for (Object e : frame.stack) {
                    if (!names(e, newInsn)) {
                        kept.add(e);
                    }
                }
                frame.stack = kept;
            }
            if (frame.local != null) {
                List<Object> locals = new ArrayList<>(frame.local);
                for (int i = 0; i < locals.size(); i++) {
                    if (names(locals.get(i), newInsn)) {
                        locals.set(i, Opcodes.TOP);
                    }
                }
                frame.local = locals;
            }
        }
    }

    private boolean names(Object frameEntry, AbstractInsnNode newInsn) {
        return frameEntry instanceof LabelNode && newOfLabel.get(frameEntry) == newInsn;
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
