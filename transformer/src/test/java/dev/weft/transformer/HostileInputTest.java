package dev.weft.transformer;

import dev.weft.transformer.testing.ClassFileMutations;
import dev.weft.transformer.testing.InMemoryCompiler;
import dev.weft.transformer.testing.WovenLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Corrupted input: the weaver either weaves correctly or refuses with {@link WeaveException}; nothing else
 * escapes, nothing hangs, and it never turns a class that verifies into one that does not.
 */
class HostileInputTest {
    private static final String SOURCE = """
            package h;
            import dev.weft.*;
            import java.time.Duration;
            import static dev.weft.Weft.await;
            public class H {
                static final class P { final int x; P(int x) { this.x = x; } }
                @Async static Coroutine<Integer> child(int v) { await(Weft.sleep(Duration.ZERO)); return Coroutine.of(v); }
                @Async static Coroutine<String> body(String s, long l, double d) {
                    int total = 0;
                    for (int i = 0; i < 3; i++) {
                        try {
                            total += await(child(i)) * (int) l;
                        } catch (IllegalStateException e) {
                            total--;
                        } finally {
                            total += s.length();
                        }
                    }
                    switch (s) { case "a": total += 1; break; default: total += new P(await(child(2))).x; }
                    return Coroutine.of(s + total + d);
                }
            }
            """;

    @Test
    void bitFlipsAndTruncationsNeverEscapeAsAnythingButWeaveException() {
        byte[] original = InMemoryCompiler.compile(17, Map.of("h.H", SOURCE)).get("h.H");
        Random random = new Random(20261124);
        int woven = 0;
        int refused = 0;
        for (int round = 0; round < 400; round++) {
            byte[] mutated = mutate(original, random);
            Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> weave(mutated),
                    "weaving a mutated class must not hang (round " + round + ")");
            if (outcome.unexpected != null) {
                throw new AssertionError("round " + round + ": " + outcome.unexpected, outcome.unexpected);
            }
            if (outcome.result == null) {
                refused++;
                continue;
            }
            woven++;
            if (verifies(mutated)) {
                assertTrue(verifies(outcome.result.bytes()),
                        "round " + round + ": a class that verified was woven into one that does not");
            }
        }
        assertTrue(woven > 0 && refused > 0, "mutations both woven (" + woven + ") and refused (" + refused + ")");
    }

    private record Outcome(WovenClass result, Throwable unexpected) {
    }

    private static Outcome weave(byte[] bytes) {
        try {
            return new Outcome(new Weaver().weave(bytes), null);
        } catch (WeaveException expected) {
            assertFalse(expected.problems().isEmpty());
            return new Outcome(null, null);
        } catch (Throwable anythingElse) {
            return new Outcome(null, anythingElse);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        return ClassFileMutations.mutate(original, random);
    }

    private static boolean verifies(byte[] bytes) {
        return ClassFileMutations.verifies(bytes, HostileInputTest.class.getClassLoader());
    }

    /**
     * An invokedynamic turned into a getstatic of the same constant (an InvokeDynamic entry where a field
     * reference belongs): ASM's analyzer fails on it with an AssertionError, which must reach the caller as a
     * WeaveException like any other broken input (found by MutatedClassFilesTest).
     */
    @Test
    void aFieldInstructionNamingAnInvokeDynamicConstantIsRefused() {
        byte[] original = InMemoryCompiler.compile(17, Map.of("h.H", SOURCE)).get("h.H");
        int tried = 0;
        for (int i = 0; i + 4 < original.length; i++) {
            if ((original[i] & 0xFF) == Opcodes.INVOKEDYNAMIC && original[i + 3] == 0 && original[i + 4] == 0) {
                byte[] mutated = original.clone();
                mutated[i] = (byte) Opcodes.GETSTATIC;
                Outcome outcome = weave(mutated);
                if (outcome.unexpected != null) {
                    throw new AssertionError("offset " + i + ": " + outcome.unexpected, outcome.unexpected);
                }
                tried++;
            }
        }
        assertTrue(tried > 0, "the class has invokedynamic instructions (string concatenation)");
    }

    @Test
    void theOriginalIsWovenAndRuns() throws Throwable {
        WovenLoader loader = WovenLoader.weaveAndLoad(InMemoryCompiler.compile(17, Map.of("h.H", SOURCE)));
        java.lang.reflect.Method body = loader.loadClass("h.H").getDeclaredMethod("body", String.class, long.class, double.class);
        body.setAccessible(true);
        Object coroutine = body.invoke(null, "xy", 2L, 0.5);
        assertEquals("xy140.5", dev.weft.Weft.run((dev.weft.Coroutine<?>) coroutine));
    }

    @Test
    void aMethodTooLargeOnceWovenIsRefusedClearly() {
        StringBuilder src = new StringBuilder("package h; import dev.weft.*; import java.time.Duration;"
                + " import static dev.weft.Weft.await; public class Big {"
                + " @Async static Coroutine<Long> big() { long a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7; String s = \"\";\n");
        for (int i = 0; i < 700; i++) {
            src.append("a += await(Weft.sleep(Duration.ZERO)) == null ? b + c * d - e + f * g + s.length() : ").append(i).append(";\n");
        }
        src.append("return Coroutine.of(a + b + c + d + e + f + g); } }");
        byte[] bytes = InMemoryCompiler.compile(17, Map.of("h.Big", src.toString())).get("h.Big");
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver().weave(bytes));
        assertTrue(e.getMessage().contains("too large once woven"), e.getMessage());
        assertTrue(e.getMessage().contains("split it into smaller @Async methods"), e.getMessage());
    }

    @Test
    void aFrameWithMoreThan255LiveLocalsIsWovenAndRestored() throws Throwable {
        StringBuilder src = new StringBuilder("package h; import dev.weft.*; import java.time.Duration;"
                + " import static dev.weft.Weft.await; public class Wide { @Async static Coroutine<Long> wide() {\n");
        for (int i = 0; i < 150; i++) {
            src.append("long l").append(i).append(" = ").append(i).append("L * 3;\n");
        }
        for (int i = 0; i < 40; i++) {
            src.append("String s").append(i).append(" = \"v").append(i).append("\";\n");
        }
        src.append("await(Weft.sleep(Duration.ZERO));\nlong sum = 0;\n");
        for (int i = 0; i < 150; i++) {
            src.append("sum += l").append(i).append(";\n");
        }
        for (int i = 0; i < 40; i++) {
            src.append("sum += s").append(i).append(".length();\n");
        }
        src.append("return Coroutine.of(sum); }\n public static Object run() { return Weft.run(wide()); } }");
        WovenLoader loader = WovenLoader.weaveAndLoad(InMemoryCompiler.compile(17, Map.of("h.Wide", src.toString())));
        long expected = 3L * (149 * 150 / 2) + 10 * 2 + 30 * 3;
        assertEquals(expected, loader.loadClass("h.Wide").getMethod("run").invoke(null));
    }
}
