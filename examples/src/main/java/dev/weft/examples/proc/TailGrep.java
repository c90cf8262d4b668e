package dev.weft.examples.proc;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import dev.weft.io.Subprocess;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Consumer;

import static dev.weft.Weft.await;

/**
 * {@code tail -f FILE | grep PATTERN} with Weft in the middle: two real processes, the lines of {@code tail}'s
 * stdout written to {@code grep}'s stdin (with {@code drain}, so a slow grep slows the copy instead of filling
 * memory), {@code grep}'s matches printed as they come. Run it with {@code TailGrep FILE PATTERN [MAX]}: it stops
 * after {@code MAX} matches (or runs until {@code tail} ends), terminates {@code tail}, closes {@code grep}'s
 * input and waits for both.
 */
public final class TailGrep {
    private TailGrep() {
    }

    /** {@code TailGrep FILE PATTERN [MAX]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TailGrep FILE PATTERN [MAX]");
            System.exit(2);
        }
        int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        PrintStream out = System.out;
        int matches = Weft.run(pipeline(args[0], args[1], max, line -> {
            out.println(line);
            out.flush();
        }));
        System.err.println(matches + " matching lines");
    }

    /** Runs the pipeline, handing each match to {@code onMatch}; the number of matches. */
    @Async
    public static Coroutine<Integer> pipeline(String file, String pattern, int max, Consumer<String> onMatch)
            throws IOException {
        Subprocess tail = await(Weft.createSubprocessExec("tail", "-n", "+1", "-f", file));
        Subprocess grep = await(Weft.createSubprocessExec("grep", "--line-buffered", "-e", pattern));
        Task<Void> copying = Weft.spawn(copyLines(tail.stdout(), grep.stdin()));
        int matches = 0;
        try {
            String line;
            while (matches < max && (line = await(grep.stdout().readLine())) != null) {
                onMatch.accept(line);
                matches++;
            }
        } finally {
            tail.terminate();
            await(tail.waitFor());
            await(Weft.gatherSettled(copying)); // it ends with tail's stdout
            grep.stdin().close();
            await(grep.waitFor());
        }
        return Coroutine.of(matches);
    }

    /** Copies lines from {@code from} to {@code to} until {@code from} ends; then ends {@code to}'s input. */
    @Async
    static Coroutine<Void> copyLines(StreamReader from, StreamWriter to) throws IOException {
        String line;
        while ((line = await(from.readLine())) != null) {
            to.write(line + "\n");
            await(to.drain());
        }
        to.writeEof();
        return Coroutine.done();
    }
}
