package dev.weft.transformer;

import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The control-flow graph of a method, by instruction index: the normal successors of each instruction and
 * the handlers an exception thrown by it can reach (up to the first catch-all in exception-table order). Built with ASM's analyzer over basic values, which needs
 * no class hierarchy.
 */
final class ControlFlow {
    private final List<List<Integer>> normal;
    private final List<List<Integer>> exceptional;

    private ControlFlow(int size) {
        normal = new ArrayList<>(size);
        exceptional = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            normal.add(new ArrayList<>(2));
            exceptional.add(new ArrayList<>(1));
        }
    }

    static ControlFlow of(String owner, MethodNode method) throws AnalyzerException {
        ControlFlow cfg = new ControlFlow(method.instructions.size());
        Analyzer<BasicValue> analyzer = new Analyzer<>(new BasicInterpreter()) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                cfg.normal.get(insn).add(successor);
            }

            private final java.util.BitSet caughtAll = new java.util.BitSet();

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tryCatch) {
                // The JVM takes the first matching entry of the exception table: entries after a catch-all
                // that covers this instruction are never reached from it (javac's synchronized and finally
                // handlers are such catch-alls, nested inside the user's own try blocks).
                if (caughtAll.get(insn)) {
                    return true;
                }
                if (tryCatch.type == null || "java/lang/Throwable".equals(tryCatch.type)) {
                    caughtAll.set(insn);
                }
                cfg.exceptional.get(insn).add(method.instructions.indexOf(tryCatch.handler));
                return true;
            }
        };
        analyzer.analyze(owner, method);
        return cfg;
    }

    int size() {
        return normal.size();
    }

    List<Integer> successors(int insn) {
        return normal.get(insn);
    }

    List<Integer> handlers(int insn) {
        return exceptional.get(insn);
    }
}
