package dev.weft.it.io;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.Connection;
import dev.weft.io.Server;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Weft.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streams' happy path on loopback: a line echo server and its clients, through woven code. */
class EchoTest {

    @Async
    static Coroutine<Void> echo(StreamReader in, StreamWriter out) throws IOException {
        String line;
        while ((line = await(in.readLine())) != null) {
            out.write(line + "\n");
            await(out.drain());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> talk(int port, int lines) throws IOException {
        Connection c = await(Weft.openConnection("127.0.0.1", port));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            c.writer().write("line " + i + "\n");
            got.add(await(c.reader().readLine()));
        }
        c.writer().writeEof();
        assertEquals(null, await(c.reader().readLine()));
        await(c.closeAsync());
        return Coroutine.of(got);
    }

    @Async
    static Coroutine<List<String>> serveAndTalk(int lines) throws IOException {
        Server server = await(Weft.startServer(EchoTest::echo, "127.0.0.1", 0));
        List<String> got = await(talk(server.port(), lines));
        server.close();
        await(server.waitClosed());
        return Coroutine.of(got);
    }

    @Test
    void linesComeBack() throws IOException {
        List<String> got = Weft.run(serveAndTalk(3));
        assertEquals(List.of("line 0", "line 1", "line 2"), got);
    }
}
