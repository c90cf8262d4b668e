// weft differential fuzz, seed 777074 (shrunk): the woven run initialized Box after the awaited argument
// (the relocated NEW); plain Java initializes it at the NEW, before the arguments
// release: 8
package fzw;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Promise;
import dev.weft.Weft;
import static dev.weft.Weft.await;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

public class P {
    static final StringBuilder TRACE = new StringBuilder();
    static final class Budget extends Error { Budget() { super("trace budget exhausted"); } }
    static void t(Object o) {
        if (TRACE.length() > 20000) throw new Budget();
        TRACE.append(o).append('\n');
    }
    static String ex(Throwable e) {
        String s = e.getClass().getSimpleName() + ":" + e.getMessage();
        for (Throwable x : e.getSuppressed()) s += " suppressed " + ex(x);
        return s;
    }
    static final P INST = new P();
    static final class Checked extends Exception { Checked(String m) { super(m); } }
    static final class Box {
        static { t("init Box"); }
        long a;
        String s;
        Box(long a, String s) { this.a = a; this.s = s; t("Box(" + a + "," + s + ")"); }
        public String toString() { return "Box[" + a + "," + s + "]"; }
    }

    @Async Coroutine<Box> m0(int d) throws Checked {
        return Coroutine.of(new Box(0L, (d > 0 ? ((String) await(INST.m1(d - 1))) : "")));
    }

    @Async Coroutine<String> m1(int d) throws Checked {
        t("d15" + " " + d);
        return Coroutine.of("");
    }

    public static String go() {
        try {
            t("ret:" + Weft.run(INST.m0(2)));
        } catch (Budget e) {
            TRACE.append("budget");
        } catch (Throwable e) {
            TRACE.append("exc:" + ex(e));
        }
        return TRACE.toString();
    }
}
