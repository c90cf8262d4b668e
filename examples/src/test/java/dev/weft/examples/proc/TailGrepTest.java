package dev.weft.examples.proc;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.Weft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The tail -f | grep pipeline on a real file and real processes: old lines, then a line appended later. */
class TailGrepTest {

    @Async
    static Coroutine<Integer> appendLater(Path file, List<String> matches) throws IOException {
        Task<Integer> pipeline = Weft.spawn(TailGrep.pipeline(file.toString(), "ERROR", 3, matches::add));
        while (matches.size() < 2) {
            await(Weft.sleep(Duration.ofMillis(5)));
        }
        Files.writeString(file, "info: fine\nERROR: the third, written while tail -f follows\n", StandardOpenOption.APPEND);
        return Coroutine.of(await(pipeline));
    }

    @Test
    void followsTheFileAndStopsAfterTheMatchesAsked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.log");
        Files.writeString(file, "info: start\nERROR: one\ninfo: busy\nERROR: two\n");
        List<String> matches = new CopyOnWriteArrayList<>();
        int count = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Weft.run(appendLater(file, matches)));
        assertEquals(3, count);
        assertEquals(List.of("ERROR: one", "ERROR: two", "ERROR: the third, written while tail -f follows"), matches);
    }
}
