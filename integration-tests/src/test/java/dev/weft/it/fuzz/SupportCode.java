package dev.weft.it.fuzz;

import java.util.List;

/**
 * The fixed part of every generated class, identical in both variants: the trace, the helper types, and the
 * awaitables a program awaits. Woven, {@code slow} suspends through the event loop and {@code later} is a
 * promise another task completes after a yield; in the reference every one of them completes synchronously.
 */
final class SupportCode {
    private SupportCode() {
    }

    /**
     * How {@code slow}, {@code slowFail} and {@code slowFailU} suspend: a zero sleep that {@link Injection} may
     * replace with a cancellation or failure. ({@code completer} runs in a task of its own and sleeps plainly.)
     */
    static final String PAUSE = "dev.weft.it.fuzz.Injection.pause(Weft.sleep(Duration.ZERO))";

    /** Programs that trace more than this end with a {@code Budget} error, at the same point in both variants. */
    static final int TRACE_BUDGET = 20_000;

    /** Member declarations, one string each, so that the shrinker can drop those a program does not use. */
    static final List<String> MEMBERS = List.of(
            "    static final StringBuilder TRACE = new StringBuilder();\n"
                    + "    static final class Budget extends Error { Budget() { super(\"trace budget exhausted\"); } }\n"
                    + "    static void t(Object o) {\n"
                    + "        if (TRACE.length() > " + TRACE_BUDGET + ") throw new Budget();\n"
                    + "        TRACE.append(o).append('\\n');\n"
                    + "    }\n",
            "    static String ex(Throwable e) {\n"
                    + "        String s = e.getClass().getSimpleName() + \":\" + e.getMessage();\n"
                    + "        for (Throwable x : e.getSuppressed()) s += \" suppressed \" + ex(x);\n"
                    + "        return s;\n"
                    + "    }\n",
            "    static final P INST = new P();\n",
            "    private static int sInt;\n",
            "    private static long sLong;\n",
            "    private static String sStr = \"\";\n",
            "    private int f;\n",
            "    static final class Checked extends Exception { Checked(String m) { super(m); } }\n",
            "    enum Color { RED, GREEN, BLUE }\n",
            "    static final class Box {\n"
                    + "        static { t(\"init Box\"); }\n"
                    + "        long a;\n"
                    + "        String s;\n"
                    + "        Box(long a, String s) { this.a = a; this.s = s; t(\"Box(\" + a + \",\" + s + \")\"); }\n"
                    + "        public String toString() { return \"Box[\" + a + \",\" + s + \"]\"; }\n"
                    + "    }\n",
            "    static final class Pair {\n"
                    + "        static { t(\"init Pair\"); }\n"
                    + "        final int x;\n"
                    + "        final Box b;\n"
                    + "        Pair(int x, Box b) {\n"
                    + "            if (x == 7) throw new IllegalStateException(\"pair7\");\n"
                    + "            this.x = x; this.b = b; t(\"Pair(\" + x + \",\" + b + \")\");\n"
                    + "        }\n"
                    + "    }\n",
            "    static final class Res implements AutoCloseable {\n"
                    + "        final String name;\n"
                    + "        Res(String name) { this.name = name; t(\"open \" + name); }\n"
                    + "        public void close() { t(\"close \" + name); if (name.startsWith(\"!\")) throw new IllegalStateException(\"close \" + name); }\n"
                    + "    }\n",
            "    static String cap(String s) { return s.length() > 40 ? s.substring(0, 40) : s; }\n",
            "    static <T> Promise<T> done(T v) { Promise<T> p = new Promise<>(); p.complete(v); return p; }\n",
            "    static <T> Promise<T> later(T v) { Promise<T> p = new Promise<>(); Weft.spawn(completer(p, v)); return p; }\n",
            "    @Async static <T> Coroutine<Void> completer(Promise<T> p, T v) {"
                    + " await(Weft.sleep(Duration.ZERO)); p.complete(v); return Coroutine.done(); }\n",
            "    @Async static <T> Coroutine<T> slow(T v) { await(" + PAUSE + "); return Coroutine.of(v); }\n",
            "    static <T> Promise<T> failU(T like, String m) {"
                    + " Promise<T> p = new Promise<>(); p.fail(new IllegalStateException(m)); return p; }\n",
            "    static <T> Promise<T> failC(T like, String m) throws Checked {"
                    + " Promise<T> p = new Promise<>(); p.fail(new Checked(m)); return p; }\n",
            "    @Async static <T> Coroutine<T> slowFail(T like, String m) throws Checked {"
                    + " await(" + PAUSE + "); throw new Checked(m); }\n",
            "    @Async static <T> Coroutine<T> slowFailU(T like, String m) {"
                    + " await(" + PAUSE + "); throw new ArithmeticException(m); }\n",
            "    static <T> CompletableFuture<T> doneStage(T v) { return CompletableFuture.completedFuture(v); }\n",
            "    static <T> CompletableFuture<T> offThread(T v) { return CompletableFuture.supplyAsync(() -> v); }\n",
            "    static <T> CompletableFuture<T> failedStage(T like, String m) {"
                    + " CompletableFuture<T> f = new CompletableFuture<>(); f.completeExceptionally(new IllegalStateException(m)); return f; }\n");

    /** A record, for programs at {@code --release 16} and later. */
    static final String RECORD = "    record Rec(int x, String s) { }\n";

    /** The entry point: runs the first method and returns the trace, ending with its value or its exception. */
    static String entry(String run) {
        return ""
                + "    public static String go() {\n"
                + "        try {\n"
                + "            t(\"ret:\" + " + run + ");\n"
                + "        } catch (Budget e) {\n"
                + "            TRACE.append(\"budget\");\n"
                + "        } catch (Throwable e) {\n"
                + "            TRACE.append(\"exc:\" + ex(e));\n"
                + "        }\n"
                + "        return TRACE.toString();\n"
                + "    }\n";
    }
}
