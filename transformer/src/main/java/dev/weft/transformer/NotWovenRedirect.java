package dev.weft.transformer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a class that is left unwoven fail with the reason it was left unwoven, instead of the generic "not
 * woven" error. For a load-time weaver, which cannot fail a build: the class still loads, and where it would
 * have failed anyway it now says why.
 * <ul>
 *   <li>In a class that was never woven, each {@code Weft.await(x)} becomes
 *       {@code NotWoven.await(x, "<why>")}: one constant pushed before the call. The code around it, its
 *       stack map frames, line numbers and exception table are unchanged; the method's maximum stack grows
 *       by one.</li>
 *   <li>In a class woven in another format (by another version of Weft), whose woven code this runtime cannot
 *       run, each {@code @Async} method and each coroutine body the weaver extracted throws
 *       {@code NotWoven.refused("<why>")} at once instead of running.</li>
 * </ul>
 * Everything else in the class stays byte for byte as it was, and each changed method is checked with ASM's
 * BasicVerifier before the class is returned. Loads no class; never throws.
 */
public final class NotWovenRedirect {
    /** Longest reason kept in a constant: the class file's limit is 65535 bytes of modified UTF-8. */
    static final int MAX_REASON_CHARS = 16_000;

    private NotWovenRedirect() {
    }

    /**
     * For a class the weaver refused (or failed on): its awaits, or the {@code @Async} methods of a class woven in
     * another format, throw {@code why}.
     *
     * @param classFile a class that will load unwoven
     * @param why       why it is not woven, and what to do; the error's message
     * @return the class with its awaits (or its {@code @Async} methods) redirected, or null when the class has
     *         nothing to redirect, is woven in this Weft's format, or cannot be read or rewritten
     */
    public static byte[] redirect(byte[] classFile, String why) {
        return redirect(classFile, why, true);
    }

    /**
     * For a class that is not to be woven at all (not selected for weaving): its awaits throw {@code why}. A
     * class already woven, in any format, is left alone (null).
     */
    public static byte[] redirectAwaits(byte[] classFile, String why) {
        return redirect(classFile, why, false);
    }

    private static byte[] redirect(byte[] classFile, String why, boolean staleEntries) {
        try {
            return redirectOrNull(classFile, shortened(why), staleEntries);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return null; // an unreadable or unusual class loads as it is, with the generic error
        }
    }

    private static byte[] redirectOrNull(byte[] classFile, String why, boolean staleEntries) {
        ClassNode cls = new ClassNode();
        new ClassReader(classFile).accept(cls, 0);
        int format = WovenMarker.format(cls);
        boolean stale = staleEntries && format != 0 && format != RuntimeNames.WEAVE_FORMAT;
        List<MethodNode> changed = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            boolean change = format == 0 ? redirectAwaitCalls(m, why)
                    : stale && (isWovenEntry(cls, m) || isWovenBody(m)) && throwInstead(m, why);
            if (change) {
                changed.add(m);
            }
        }
        if (changed.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(0);
        cls.accept(writer);
        byte[] rewritten = writer.toByteArray();
        return verifies(rewritten, changed) ? rewritten : null;
    }

    private static boolean redirectAwaitCalls(MethodNode m, String why) {
        List<MethodInsnNode> awaits = MisuseCheck.awaitCalls(m);
        for (MethodInsnNode call : awaits) {
            m.instructions.insertBefore(call, new LdcInsnNode(why));
            call.owner = RuntimeNames.NOT_WOVEN;
            call.desc = RuntimeNames.AWAIT_STAGE_DESC.equals(call.desc)
                    ? RuntimeNames.NOT_WOVEN_AWAIT_STAGE_DESC : RuntimeNames.NOT_WOVEN_AWAIT_DESC;
            call.itf = false;
        }
        if (!awaits.isEmpty()) {
            m.maxStack++;
        }
        return !awaits.isEmpty();
    }

    /** An {@code @Async} method the weaver turned into a factory of its woven code. */
    private static boolean isWovenEntry(ClassNode cls, MethodNode m) {
        return MisuseCheck.isAsync(m) && !CompilerGenerated.isForwarder(cls, m);
    }

    /** A body the weaver extracted: {@code private static synthetic lambda$name$weftN(<a dev.weft.internal frame>)}. */
    private static boolean isWovenBody(MethodNode m) {
        if ((m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) != (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)
                || !m.name.contains("$weft")) {
            return false;
        }
        Type[] params = Type.getArgumentTypes(m.desc);
        return params.length == 1 && params[0].getSort() == Type.OBJECT
                && params[0].getInternalName().startsWith("dev/weft/internal/");
    }

    /** Replaces the method's code by {@code throw NotWoven.refused(why)}, keeping its first line number. */
    private static boolean throwInstead(MethodNode m, String why) {
        if (m.instructions == null || m.instructions.size() == 0) {
            return false;
        }
        int line = ProblemReporter.firstLine(m);
        InsnList code = new InsnList();
        LabelNode start = new LabelNode();
        code.add(start);
        if (line > 0) {
            code.add(new LineNumberNode(line, start));
        }
        code.add(new LdcInsnNode(why));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.NOT_WOVEN, RuntimeNames.NOT_WOVEN_REFUSED,
                RuntimeNames.NOT_WOVEN_REFUSED_DESC, false));
        code.add(new InsnNode(Opcodes.ATHROW));
        m.instructions = code;
        m.tryCatchBlocks = new ArrayList<>();
        m.localVariables = null;
        m.visibleLocalVariableAnnotations = null;
        m.invisibleLocalVariableAnnotations = null;
        m.maxStack = 1;
        return true;
    }

    private static boolean verifies(byte[] classFile, List<MethodNode> changed) {
        ClassNode cls = new ClassNode();
        new ClassReader(classFile).accept(cls, 0);
        for (MethodNode m : cls.methods) {
            for (MethodNode c : changed) {
                if (c.name.equals(m.name) && c.desc.equals(m.desc)) {
                    try {
                        new Analyzer<BasicValue>(new BasicVerifier()).analyze(cls.name, m);
                    } catch (AnalyzerException e) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static String shortened(String why) {
        if (why.length() <= MAX_REASON_CHARS) {
            return why;
        }
        return why.substring(0, MAX_REASON_CHARS) + "... (cut; the agent's report on the standard error has it all)";
    }
}
