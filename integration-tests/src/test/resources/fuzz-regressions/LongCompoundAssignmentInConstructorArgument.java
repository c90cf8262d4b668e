// weft differential fuzz regression: seed 14 of the generator with try-with-resources (shrunk, then minimised by hand).
// A compound assignment to a long (or double) local as a constructor argument, with an await in it:
// "new Box(x *= await(...))" compiles to new/dup ... lload, <await>, lmul, dup2, lstore. The dup2 copies the long
// result, not the object under construction, but after commit 92a0492 the constructor relocation refused it:
// "'new fzw.P$Box(...)' around an await is used (opcode 92) before its constructor runs, which javac and ecj never
// do; this bytecode cannot be woven". The weaver before that commit wove it correctly. The reference returns 12.
// Fixed by commit 6a72cd5 (the relocation counts stack entries, not slots).
// release: 17
package fzw;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Weft;
import static dev.weft.Weft.await;
import java.time.Duration;
import java.util.Arrays;

public class P {
    static final StringBuilder TRACE = new StringBuilder();
    static void t(Object o) { TRACE.append(o).append('\n'); }

    static final class Box {
        final long a;
        Box(long a) { this.a = a; }
    }

    @Async static Coroutine<Long> m0(long x) {
        Box b = new Box(x *= await(Coroutine.of(3L)));
        return Coroutine.of(b.a + x);
    }

    public static String go() {
        try {
            t("ret:" + Weft.run(m0(2L)));
        } catch (Throwable e) {
            TRACE.append("exc:" + e);
        }
        return TRACE.toString();
    }
}
