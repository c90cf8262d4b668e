package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.*;

/** Streams over Unix domain sockets: the same reader and writer, a path instead of a port. */
@Timeout(30)
class UnixSocketTest {

    @Async
    static Coroutine<Void> shout(StreamReader in, StreamWriter out) throws IOException {
        String line;
        while ((line = await(in.readLine())) != null) {
            out.write(line.toUpperCase() + "\n");
            await(out.drain());
        }
        out.write("bye\n");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> talkOver(Path path) throws IOException {
        Server server = await(Weft.startUnixServer(UnixSocketTest::shout, path));
        List<String> log = new ArrayList<>();
        log.add("socket file " + Files.exists(path) + ", port " + server.port());
        Connection c = await(Weft.openUnixConnection(path));
        c.writer().write("hello\nunix\n");
        log.add(await(c.reader().readLine()));
        log.add(await(c.reader().readLine()));
        c.writer().writeEof();
        log.add(await(c.reader().readLine()));
        log.add(String.valueOf(await(c.reader().readLine())));
        c.close();
        Connection viaAddress = await(Weft.openConnection(UnixDomainSocketAddress.of(path)));
        viaAddress.writer().write("again\n");
        log.add(await(viaAddress.reader().readLine()));
        viaAddress.close();
        server.close();
        server.closeClients();
        await(server.waitClosed());
        log.add("socket file after close " + Files.exists(path));
        try {
            await(Weft.openUnixConnection(path));
            log.add("connected to a closed server");
        } catch (IOException e) {
            log.add("refused: " + e.getClass().getSimpleName());
        }
        return Coroutine.of(log);
    }

    @Test
    void echoOverAUnixSocketAndTheFileIsRemovedOnClose(@TempDir Path dir) throws IOException {
        List<String> log = Weft.run(talkOver(dir.resolve("shout.sock")));
        assertEquals(List.of("socket file true, port -1", "HELLO", "UNIX", "bye", "null", "AGAIN",
                "socket file after close false"), log.subList(0, 7));
        assertTrue(log.get(7).startsWith("refused: "), log.get(7));
    }

    @Async
    static Coroutine<String> listenTwice(Path path) throws IOException {
        Server first = await(Weft.startUnixServer(UnixSocketTest::shout, path));
        try {
            await(Weft.startUnixServer(UnixSocketTest::shout, path));
            return Coroutine.of("a second server on the same path");
        } catch (IOException e) {
            return Coroutine.of("refused: " + e.getClass().getSimpleName());
        } finally {
            first.close();
        }
    }

    @Test
    void aPathInUseIsRefused(@TempDir Path dir) throws IOException {
        String outcome = Weft.run(listenTwice(dir.resolve("busy.sock")));
        assertTrue(outcome.startsWith("refused: "), outcome);
    }
}
