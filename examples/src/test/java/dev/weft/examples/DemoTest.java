package dev.weft.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the demo as woven by the Maven plugin at build time and checks its timeline. */
class DemoTest {
    @Test
    void theTimelineShowsInterleavingAndACancellation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.printTo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } finally {
            Demo.printTo(System.out);
        }
        List<String> events = Arrays.stream(bytes.toString(StandardCharsets.UTF_8).split("\n"))
                .map(line -> line.substring(line.indexOf("ms") + 2).strip().replaceAll(" +", " "))
                .collect(Collectors.toList());
        String all = String.join("\n", events);
        assertEquals("main outer() returned 11", events.get(0), all);
        int alpha1 = events.indexOf("alpha step 1 of 3, then sleeps 20 ms");
        int beta1 = events.indexOf("beta step 1 of 4, then sleeps 12 ms");
        int alpha2 = events.indexOf("alpha step 2 of 3, then sleeps 20 ms");
        assertTrue(alpha1 > 0 && beta1 > alpha1 && alpha2 > beta1, "tasks interleave:\n" + all);
        int cancel = events.indexOf("main cancelling the sleeper");
        int caught = events.indexOf("sleeper cancelled (the demo is over), cleaning up");
        int fin = events.indexOf("sleeper finally block ran");
        assertTrue(cancel > 0 && caught > cancel && fin == caught + 1, "cancellation runs catch then finally:\n" + all);
        assertTrue(events.contains("main alpha: alpha finished 3 steps"), all);
        assertTrue(events.contains("main beta: beta finished 4 steps"), all);
        assertTrue(events.contains("main sleeper ended cancelled: true"), all);
        assertTrue(events.get(events.size() - 1).startsWith("main all done on thread"), all);
        assertTrue(events.stream().noneMatch(e -> e.contains("woke up")), all);
    }
}
