package dev.weft.transformer;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.transformer.RuntimeNames.*;

/**
 * Writes the new code of an {@code @Async} method once its original code has moved to the body method: make
 * the coroutine frame (bound, through {@code invokedynamic}, to the body), store the live arguments in it and
 * return it, so that calling the method runs none of the user's code.
 *
 * <p>Invariants: only the method's code changes (its name, descriptor, access and annotations stay); the new
 * code is straight-line, without try-catch blocks; its local variable table keeps only the entries of the
 * receiver's and the arguments' slots, each spanning the whole new code; its one line number, if any, is the
 * first line of the original code. {@code maxStack} and {@code maxLocals} are left at zero for the class
 * writer ({@code COMPUTE_MAXS}) to compute. Runs once the body method has taken over the original instruction
 * list, which it reads only for that first line.
 */
final class CoroutineFactoryWriter implements Opcodes {
    private final ClassNode cls;
    private final MethodNode method;
    private final String bodyName;
    private final FrameSlots slots;

    CoroutineFactoryWriter(ClassNode cls, MethodNode method, String bodyName, FrameSlots slots) {
        this.cls = cls;
        this.method = method;
        this.bodyName = bodyName;
        this.slots = slots;
    }

    /**
     * Replaces the method's code by the factory: a frame of {@code primSlots} primitive and {@code refSlots}
     * reference slots, holding the arguments as {@code args} places them, described by {@code sites}.
     */
    void write(SpillPlan args, int primSlots, int refSlots, List<SuspensionSite> sites) {
        String site = siteDescriptor(sites);
        int firstLine = firstLine(method.instructions);
        List<LocalVariableNode> oldVars = method.localVariables;
        InsnList code = new InsnList();
        LabelNode begin = new LabelNode();
        LabelNode end = new LabelNode();
        code.add(begin);
        if (firstLine > 0) {
            code.add(new LineNumberNode(firstLine, begin));
        }
        boolean isInterface = (cls.access & ACC_INTERFACE) != 0;
        Handle metafactory = new Handle(H_INVOKESTATIC, LAMBDA_METAFACTORY, "metafactory", METAFACTORY_DESC, false);
        Handle impl = new Handle(H_INVOKESTATIC, cls.name, bodyName, BODY_DESC, isInterface);
        code.add(new InvokeDynamicInsnNode(BODY_METHOD, "()L" + BODY + ";", metafactory,
                Type.getType(BODY_DESC), impl, Type.getType(BODY_DESC)));
        code.add(new LdcInsnNode(site));
        FrameSlots.pushInt(code, primSlots);
        FrameSlots.pushInt(code, refSlots);
        code.add(new MethodInsnNode(INVOKESTATIC, FRAME, "create", FRAME_CREATE_DESC, false));
        for (int var = 0; var < args.locals.size(); var++) {
            if (args.localSlots[var] != SpillPlan.NONE) {
                code.add(new InsnNode(DUP));
                slots.storeFromLocal(code, args.locals.get(var), var, args.localSlots[var], true);
            }
        }
        code.add(new InsnNode(ARETURN));
        code.add(end);

        method.instructions = code;
        method.tryCatchBlocks = new ArrayList<>();
        method.visibleLocalVariableAnnotations = null;
        method.invisibleLocalVariableAnnotations = null;
        method.localVariables = new ArrayList<>();
        if (oldVars != null) {
            for (LocalVariableNode v : oldVars) {
                if (v.index < args.locals.size()) {
                    method.localVariables.add(new LocalVariableNode(v.name, v.desc, v.signature, begin, end, v.index));
                }
            }
        }
        method.maxStack = 0;
        method.maxLocals = 0;
    }

    /**
     * The constant the runtime gets for this method: {@code pkg.Owner.method}, its source file and the line of
     * each await, for error messages and async stack traces (format in the runtime's CoroutineSite).
     */
    private String siteDescriptor(List<SuspensionSite> sites) {
        StringBuilder sb = new StringBuilder(cls.name.replace('/', '.')).append('.').append(method.name);
        if (sites.isEmpty()) {
            return sb.toString();
        }
        sb.append('\0').append(cls.sourceFile == null ? "" : cls.sourceFile).append('\0');
        for (int i = 0; i < sites.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(sites.get(i).line);
        }
        return sb.toString();
    }

    private static int firstLine(InsnList insns) {
        for (AbstractInsnNode n : insns) {
            if (n instanceof LineNumberNode) {
                return ((LineNumberNode) n).line;
            }
        }
        return -1;
    }
}
