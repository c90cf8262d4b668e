// weft differential fuzz regression: seed 14 (shrunk by the fuzzer, then minimised by hand).
// javac (14+) evaluates a switch expression that contains a try with an empty operand stack: it first stores
// the stack in locals, here the unconstructed RuntimeException of new/dup, and reloads it in every arm.
// The weaver refused the await in the default arm: "an object under construction is held in a local variable
// across this await; this bytecode shape cannot be woven". The program is valid Java; the reference prints xother.
// Fixed by commit 92a0492 (the constructor relocation follows the object through locals).
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

    @Async static Coroutine<String> m0(int k) {
        RuntimeException e = new RuntimeException("x" + switch (k) {
            case 1:
                try {
                    t("in try");
                } catch (IllegalStateException ignored) {
                }
                yield "one";
            default:
                yield await(Coroutine.of("other"));
        });
        return Coroutine.of(e.getMessage());
    }

    public static String go() {
        try {
            t("ret:" + Weft.run(m0(2)));
        } catch (Throwable e) {
            TRACE.append("exc:" + e);
        }
        return TRACE.toString();
    }
}
