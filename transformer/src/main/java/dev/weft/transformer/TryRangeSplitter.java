package dev.weft.transformer;

import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes each resume block of a woven body out of the try ranges that cover it: its restore code runs with
 * locals the handlers' frames do not declare. The {@code awaitResume} call after it stays inside, so the
 * failure it throws reaches the user's catch and finally blocks.
 *
 * <p>Invariants of the exception table it leaves: the pieces of one original entry cover exactly its range
 * minus the holes {@code [resume, resumeCall)} of the sites inside it, and share its handler, type and type
 * annotations; every piece covers at least one real instruction (a piece without one is dropped); the pieces
 * keep the order of the entries they come from, since the JVM tries handlers in table order.
 */
final class TryRangeSplitter {
    private TryRangeSplitter() {
    }

    /**
     * Replaces the method's try-catch blocks by their pieces around the resume blocks of {@code sites},
     * given in instruction order.
     */
    static void cutOutResumeBlocks(MethodNode method, List<SuspensionSite> sites) {
        InsnList insns = method.instructions;
        List<TryCatchBlockNode> split = new ArrayList<>();
        for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
            int start = insns.indexOf(tcb.start);
            int end = insns.indexOf(tcb.end);
            LabelNode from = tcb.start;
            for (SuspensionSite s : sites) {
                int holeStart = insns.indexOf(s.resume);
                int holeEnd = insns.indexOf(s.resumeCall);
                if (holeStart >= start && holeEnd <= end) {
                    addRange(insns, split, tcb, from, s.resume);
                    from = s.resumeCall;
                }
            }
            addRange(insns, split, tcb, from, tcb.end);
        }
        method.tryCatchBlocks = split;
    }

    private static void addRange(InsnList insns, List<TryCatchBlockNode> out, TryCatchBlockNode original,
                                 LabelNode from, LabelNode to) {
        for (int i = insns.indexOf(from); i < insns.indexOf(to); i++) {
            if (insns.get(i).getOpcode() >= 0) {
                TryCatchBlockNode piece = new TryCatchBlockNode(from, to, original.handler, original.type);
                piece.visibleTypeAnnotations = original.visibleTypeAnnotations;
                piece.invisibleTypeAnnotations = original.invisibleTypeAnnotations;
                out.add(piece);
                return;
            }
        }
    }
}
