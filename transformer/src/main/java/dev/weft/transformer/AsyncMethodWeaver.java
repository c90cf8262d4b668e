package dev.weft.transformer;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.weft.transformer.RuntimeNames.*;

/**
 * Turns one {@code @Async} method into a coroutine factory plus a resumable body (design notes §2).
 *
 * <p>The method keeps its name, signature and annotations; its new code only stores the live arguments in
 * a {@code WovenCoroutine} and returns it, so calling it runs nothing. The original code moves to a private
 * static method of the same class, reached through {@code invokedynamic}, whose one parameter is the frame.
 * It starts with a {@code tableswitch} on the frame's label; each {@code await(x)} becomes:
 * <pre>
 *   r = awaitStart(x, frame)            // the value at once if x is done: nothing saved, nothing allocated
 *   if (r == SUSPENDED) {
 *       save stack and live locals; frame.label = k; return SUSPENDED;
 *     resume_k:                         // outside every try range (exception table split around it)
 *       restore locals and stack
 *       r = awaitResume(frame)          // value, or the failure thrown here, inside the user's try ranges
 *   }
 *   fast_k: ... the user's code continues with r
 * </pre>
 * Frames are written by hand from the types javac declared (no class loading); dead locals are restored as
 * zero or null so that later declared frames still hold. Each await is a {@link SuspensionSite}; the
 * {@link TryRangeSplitter} takes the resume blocks out of the try ranges and the {@link CoroutineFactoryWriter}
 * writes the method's new code.
 */
final class AsyncMethodWeaver implements Opcodes {
    private final ClassNode cls;
    private final MethodNode method;
    private final String bodyName;
    private final ProblemReporter report;

    private int frameLocal;
    private FrameSlots slots;

    AsyncMethodWeaver(ClassNode cls, MethodNode method, String bodyName, ProblemReporter report) {
        this.cls = cls;
        this.method = method;
        this.bodyName = bodyName;
        this.report = report;
    }

    /**
     * Weaves the method: on success it becomes the factory and the returned method is the body to add to the
     * class; on failure problems are reported and null is returned, with the method possibly half-changed
     * (the caller then discards the whole class).
     */
    MethodNode weave() throws AnalyzerException {
        String owner = cls.name;
        frameLocal = method.maxLocals;
        slots = new FrameSlots(frameLocal);
        method.maxLocals = frameLocal + 1;

        List<MethodInsnNode> awaits = MisuseCheck.awaitCalls(method);
        Frame<TypedValue>[] frames = FrameTracker.compute(owner, method);
        awaits.removeIf(a -> frames[method.instructions.indexOf(a)] == null); // unreachable: never runs
        if (!relocateConstructorCalls(frames, awaits)) {
            return null;
        }
        Frame<TypedValue>[] typed = FrameTracker.compute(owner, method);
        ControlFlow cfg = ControlFlow.of(owner, method);
        if (!checkMonitors(cfg, awaits)) {
            return null;
        }
        Liveness liveness = Liveness.of(method.instructions, cfg);

        List<SuspensionSite> sites = new ArrayList<>();
        for (MethodInsnNode call : awaits) {
            SuspensionSite site = planSite(call, sites.size() + 1, typed[method.instructions.indexOf(call)], liveness);
            if (site == null) {
                return null;
            }
            sites.add(site);
        }
        Frame<TypedValue> initial = FrameTracker.initialFrame(owner, method);
        int argSlots = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        if ((method.access & ACC_STATIC) != 0) {
            argSlots--;
        }
        List<TypedValue> argTypes = FrameNodes.locals(initial).subList(0, argSlots);
        SpillPlan args = SpillPlan.of(argTypes, var -> liveness.isLive(0, var), List.of());

        int primSlots = args.primSlots;
        int refSlots = args.refSlots;
        for (SuspensionSite s : sites) {
            primSlots = Math.max(primSlots, s.plan.primSlots);
            refSlots = Math.max(refSlots, s.plan.refSlots);
        }

        declareFrameLocalInJavacFrames();
        rewriteReturns();
        for (SuspensionSite s : sites) {
            weaveSite(s);
        }
        addPrologue(sites, args, initial);
        TryRangeSplitter.cutOutResumeBlocks(method, sites);
        MethodNode body = extractBody();
        new CoroutineFactoryWriter(cls, method, bodyName, slots).write(args, primSlots, refSlots, sites);
        return body;
    }

    private boolean relocateConstructorCalls(Frame<TypedValue>[] frames, List<MethodInsnNode> awaits) {
        ConstructorCallRelocator relocator = new ConstructorCallRelocator(method, frames, frameLocal + 1);
        Set<AbstractInsnNode> news = relocator.pendingNews(awaits);
        if (news.isEmpty() || relocator.relocate(news)) {
            return true;
        }
        for (int i = 0; i < relocator.problems().size(); i++) {
            report.at(method, relocator.problemLocations().get(i), relocator.problems().get(i));
        }
        return false;
    }

    private boolean checkMonitors(ControlFlow cfg, List<MethodInsnNode> awaits) {
        int[] depth = MonitorDepth.of(method.instructions, cfg);
        boolean ok = true;
        for (MethodInsnNode call : awaits) {
            if (depth[method.instructions.indexOf(call)] > 0) {
                report.at(method, call, "await(...) inside a synchronized block: the coroutine would suspend while"
                        + " holding the monitor, and resume later on the loop with the lock still held."
                        + " Move the await out of the synchronized block (keep only non-suspending code inside it)");
                ok = false;
            }
        }
        return ok;
    }

    private SuspensionSite planSite(MethodInsnNode call, int label, Frame<TypedValue> frame, Liveness liveness) {
        int index = method.instructions.indexOf(call);
        List<TypedValue> locals = FrameNodes.locals(frame);
        List<TypedValue> stack = FrameNodes.stack(frame);
        stack = new ArrayList<>(stack.subList(0, stack.size() - 1)); // below the awaited object
        for (TypedValue v : locals) {
            if (v.isUninitialized()) {
                report.at(method, call, "an object under construction is held in a local variable across this"
                        + " await; this bytecode shape cannot be woven");
                return null;
            }
        }
        for (TypedValue v : stack) {
            if (v.isUninitialized()) {
                report.at(method, call, "an object under construction is on the operand stack at this await"
                        + " in a shape the weaver cannot relocate; compute the awaited value into a local variable first");
                return null;
            }
        }
        SpillPlan plan = SpillPlan.of(locals, var -> var != frameLocal && liveness.isLive(index, var), stack);
        List<TypedValue> localsAfter = new ArrayList<>(locals);
        localsAfter.set(frameLocal, TypedValue.reference(Type.getObjectType(FRAME)));
        List<TypedValue> stackAfter = new ArrayList<>(stack);
        stackAfter.add(TypedValue.reference(Type.getObjectType("java/lang/Object")));
        return new SuspensionSite(call, label, plan, localsAfter, stackAfter);
    }

    /** Every frame javac declared gains the coroutine frame in its local {@code frameLocal}. */
    private void declareFrameLocalInJavacFrames() {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FrameNode) {
                FrameNodes.declareLocal((FrameNode) insn, frameLocal, FRAME);
            }
        }
    }

    /**
     * {@code return Coroutine.of(v)} becomes a plain return of {@code v} and {@code return Coroutine.done()} a
     * return of null (no allocation); any other {@code return x} hands {@code x} to {@code returnCoroutine}.
     */
    private void rewriteReturns() {
        InsnList insns = method.instructions;
        for (AbstractInsnNode insn : insns.toArray()) {
            if (insn.getOpcode() != ARETURN) {
                continue;
            }
            AbstractInsnNode prev = insn.getPrevious();
            while (prev != null && prev.getOpcode() < 0 && !(prev instanceof FrameNode)) {
                prev = prev.getPrevious();
            }
            if (isCoroutineFactory(prev, "of", COROUTINE_OF_DESC)) {
                insns.remove(prev);
            } else if (isCoroutineFactory(prev, "done", COROUTINE_DONE_DESC)) {
                insns.set(prev, new InsnNode(ACONST_NULL));
            } else {
                InsnList call = new InsnList();
                call.add(new VarInsnNode(ALOAD, frameLocal));
                call.add(new MethodInsnNode(INVOKESTATIC, INTRINSICS, "returnCoroutine", RETURN_COROUTINE_DESC, false));
                insns.insertBefore(insn, call);
            }
        }
    }

    private static boolean isCoroutineFactory(AbstractInsnNode insn, String name, String desc) {
        if (!(insn instanceof MethodInsnNode) || insn.getOpcode() != INVOKESTATIC) {
            return false;
        }
        MethodInsnNode m = (MethodInsnNode) insn;
        return COROUTINE.equals(m.owner) && name.equals(m.name) && desc.equals(m.desc);
    }

    private void weaveSite(SuspensionSite s) {
        InsnList code = new InsnList();
        boolean stage = AWAIT_STAGE_DESC.equals(s.call.desc);
        code.add(new VarInsnNode(ALOAD, frameLocal));
        code.add(new MethodInsnNode(INVOKESTATIC, INTRINSICS, stage ? AWAIT_START_STAGE : "awaitStart",
                stage ? AWAIT_START_STAGE_DESC : AWAIT_START_DESC, false));
        code.add(new InsnNode(DUP));
        code.add(new FieldInsnNode(GETSTATIC, INTRINSICS, SUSPENDED, "Ljava/lang/Object;"));
        code.add(new JumpInsnNode(IF_ACMPNE, s.fast));
        code.add(new InsnNode(POP));
        saveState(code, s.plan);
        code.add(new VarInsnNode(ALOAD, frameLocal));
        FrameSlots.pushInt(code, s.label);
        code.add(new FieldInsnNode(PUTFIELD, FRAME, "label", "I"));
        code.add(new FieldInsnNode(GETSTATIC, INTRINSICS, SUSPENDED, "Ljava/lang/Object;"));
        code.add(new InsnNode(ARETURN));
        code.add(s.resume);
        code.add(dispatchFrame());
        restoreState(code, s.plan);
        code.add(s.resumeCall);
        code.add(new VarInsnNode(ALOAD, frameLocal));
        code.add(new MethodInsnNode(INVOKESTATIC, INTRINSICS, "awaitResume", AWAIT_RESUME_DESC, false));
        code.add(s.fast);
        if (!declaredFrameFollows(s.call)) {
            code.add(FrameNodes.fromValues(s.localsAfter, s.stackAfter, this::labelOfNew));
        }
        method.instructions.insert(s.call, code);
        method.instructions.remove(s.call);
    }

    /** Whether javac declared a frame right after this instruction (a join point): then it serves fast_k too. */
    private static boolean declaredFrameFollows(AbstractInsnNode insn) {
        for (AbstractInsnNode n = insn.getNext(); n != null && n.getOpcode() < 0; n = n.getNext()) {
            if (n instanceof FrameNode) {
                return true;
            }
        }
        return false;
    }

    private void saveState(InsnList code, SpillPlan plan) {
        for (int i = plan.stack.size() - 1; i >= 0; i--) {
            TypedValue v = plan.stack.get(i);
            if (plan.stackSlots[i] == SpillPlan.NONE) {
                code.add(new InsnNode(v.getSize() == 2 ? POP2 : POP));
            } else {
                slots.storeFromStack(code, v, plan.stackSlots[i]);
            }
        }
        for (int var = 0; var < plan.locals.size(); var++) {
            if (plan.localSlots[var] != SpillPlan.NONE) {
                slots.storeFromLocal(code, plan.locals.get(var), var, plan.localSlots[var], false);
            }
        }
    }

    /** Restores every typed local (live ones from their slots, dead ones as zero/null), then the stack. */
    private void restoreState(InsnList code, SpillPlan plan) {
        restoreLocals(code, plan);
        for (int i = 0; i < plan.stack.size(); i++) {
            TypedValue v = plan.stack.get(i);
            if (plan.stackSlots[i] == SpillPlan.NONE) {
                FrameSlots.pushDefault(code, v);
            } else {
                slots.load(code, v, plan.stackSlots[i]);
            }
        }
    }

    private void restoreLocals(InsnList code, SpillPlan plan) {
        for (int var = 0; var < plan.locals.size(); var++) {
            TypedValue v = plan.locals.get(var);
            if (var == frameLocal || v.kind == TypedValue.Kind.TOP) {
                continue;
            }
            if (plan.localSlots[var] != SpillPlan.NONE) {
                slots.load(code, v, plan.localSlots[var]);
            } else {
                FrameSlots.pushDefault(code, v);
            }
            code.add(new VarInsnNode(storeOpcode(v), var));
            if (v.getSize() == 2) {
                var++;
            }
        }
    }

    private static int storeOpcode(TypedValue v) {
        switch (v.kind) {
            case INT: return ISTORE;
            case FLOAT: return FSTORE;
            case LONG: return LSTORE;
            case DOUBLE: return DSTORE;
            default: return ASTORE;
        }
    }

    /** The frame at the dispatcher's targets: nothing but the coroutine frame in its local. */
    private FrameNode dispatchFrame() {
        List<TypedValue> locals = new ArrayList<>();
        for (int i = 0; i < frameLocal; i++) {
            locals.add(TypedValue.TOP);
        }
        locals.add(TypedValue.reference(Type.getObjectType(FRAME)));
        return FrameNodes.fromValues(locals, List.of(), this::labelOfNew);
    }

    private LabelNode labelOfNew(AbstractInsnNode newInsn) {
        AbstractInsnNode prev = newInsn.getPrevious();
        if (prev instanceof LabelNode) {
            return (LabelNode) prev;
        }
        LabelNode label = new LabelNode();
        method.instructions.insertBefore(newInsn, label);
        return label;
    }

    /**
     * The entry: keep the frame in its local, jump to the start or to resume point {@code frame.label}; the
     * start restores the arguments the factory stored.
     */
    private void addPrologue(List<SuspensionSite> sites, SpillPlan args, Frame<TypedValue> initial) {
        InsnList code = new InsnList();
        if (frameLocal != 0) {
            code.add(new VarInsnNode(ALOAD, 0));
            code.add(new VarInsnNode(ASTORE, frameLocal));
        }
        LabelNode start = new LabelNode();
        LabelNode bad = new LabelNode();
        LabelNode[] targets = new LabelNode[sites.size() + 1];
        targets[0] = start;
        for (int i = 0; i < sites.size(); i++) {
            targets[i + 1] = sites.get(i).resume;
        }
        code.add(new VarInsnNode(ALOAD, frameLocal));
        code.add(new FieldInsnNode(GETFIELD, FRAME, "label", "I"));
        code.add(new TableSwitchInsnNode(0, sites.size(), bad, targets));
        code.add(bad);
        code.add(dispatchFrame());
        code.add(new VarInsnNode(ALOAD, frameLocal));
        code.add(new MethodInsnNode(INVOKESTATIC, INTRINSICS, "badLabel", BAD_LABEL_DESC, false));
        code.add(new InsnNode(ATHROW));
        code.add(start);
        code.add(dispatchFrame());
        int before = code.size();
        restoreLocals(code, args);
        if (code.size() == before) {
            code.add(new InsnNode(NOP)); // two frames may not share an offset
        }
        if (!startsWithDeclaredFrame()) {
            List<TypedValue> locals = FrameNodes.locals(initial);
            locals.set(frameLocal, TypedValue.reference(Type.getObjectType(FRAME)));
            code.add(FrameNodes.fromValues(locals, List.of(), this::labelOfNew));
        }
        method.instructions.insert(code);
    }

    private boolean startsWithDeclaredFrame() {
        for (AbstractInsnNode n = method.instructions.getFirst(); n != null && n.getOpcode() < 0; n = n.getNext()) {
            if (n instanceof FrameNode) {
                return true;
            }
        }
        return false;
    }

    private MethodNode extractBody() {
        MethodNode body = new MethodNode(ASM9, ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC | (method.access & ACC_STRICT),
                bodyName, BODY_DESC, null, null);
        body.instructions = method.instructions;
        body.tryCatchBlocks = method.tryCatchBlocks;
        body.localVariables = method.localVariables;
        body.visibleLocalVariableAnnotations = method.visibleLocalVariableAnnotations;
        body.invisibleLocalVariableAnnotations = method.invisibleLocalVariableAnnotations;
        body.maxLocals = method.maxLocals;
        body.maxStack = method.maxStack;
        return body;
    }
}
