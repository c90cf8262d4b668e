package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.io.Connection;
import dev.weft.io.StreamReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.weft.Weft.await;
import static dev.weft.examples.net.NetTesting.connect;
import static dev.weft.examples.net.NetTesting.linesToEnd;
import static dev.weft.examples.net.NetTesting.run;
import static dev.weft.examples.net.NetTesting.withServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat server on loopback: broadcasts, announcements, nicknames, a client that never reads, and its main. */
class ChatTest {

    /** Connects, sends {@code nick} and checks the welcome. */
    @Async
    static Coroutine<Connection> join(int port, String nick, String expectedWelcome) throws IOException {
        Connection c = await(connect(port));
        c.writer().write(nick + "\n");
        assertEquals(expectedWelcome, await(c.reader().readLine()));
        return Coroutine.of(c);
    }

    @Async
    static Coroutine<Void> expect(StreamReader in, String... lines) throws IOException {
        for (String line : lines) {
            assertEquals(line, await(in.readLine()));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> threeClients(int port) throws IOException {
        Connection alice = await(join(port, "alice", "* welcome alice; nobody else is here"));
        Connection bob = await(join(port, "bob", "* welcome bob; here: alice"));
        await(expect(alice.reader(), "* bob joined"));
        Connection carol = await(join(port, "carol", "* welcome carol; here: alice, bob"));
        await(expect(alice.reader(), "* carol joined"));
        await(expect(bob.reader(), "* carol joined"));

        alice.writer().write("hi all\n");
        await(expect(bob.reader(), "alice: hi all"));
        await(expect(carol.reader(), "alice: hi all"));
        bob.writer().write("hey alice\n");
        await(expect(alice.reader(), "bob: hey alice")); // not her own line first: the sender gets nothing back
        await(expect(carol.reader(), "bob: hey alice"));

        await(carol.closeAsync());
        await(expect(alice.reader(), "* carol left"));
        await(expect(bob.reader(), "* carol left"));
        alice.writer().write("bye\n");
        await(expect(bob.reader(), "alice: bye"));
        await(alice.closeAsync());
        await(expect(bob.reader(), "* alice left"));
        await(bob.closeAsync());
        return Coroutine.done();
    }

    @Test
    void aLineReachesEveryOtherClientAndJoinsAndLeavesAreAnnounced() throws IOException {
        run(withServer(ChatServer.start("127.0.0.1", 0, ChatServer.DEFAULT_WRITE_CAP), ChatTest::threeClients));
    }

    @Async
    static Coroutine<Void> nicknames(int port) throws IOException {
        Connection alice = await(join(port, "alice", "* welcome alice; nobody else is here"));
        Connection other = await(join(port, "alice", "* alice is taken, send another nickname"));
        other.writer().write("  \n");
        await(expect(other.reader(), "* a nickname is 1 to 32 characters, without ':' or a leading '*'"));
        other.writer().write("alicia\n");
        await(expect(other.reader(), "* welcome alicia; here: alice"));
        await(expect(alice.reader(), "* alicia joined"));
        other.writer().write("x".repeat(100 * 1024) + "\nshort\n");
        await(expect(other.reader(), "* line too long, not sent"));
        await(expect(alice.reader(), "alicia: short")); // the long line was dropped, the next one went through
        await(other.closeAsync());
        await(alice.closeAsync());
        return Coroutine.done();
    }

    @Test
    void aTakenNicknameIsRefusedAndALongLineIsDropped() throws IOException {
        run(withServer(ChatServer.start("127.0.0.1", 0, ChatServer.DEFAULT_WRITE_CAP), ChatTest::nicknames));
    }

    static final int CAP = 16 * 1024;
    static final String KICKED = "* slow was disconnected (not reading)";

    @Async
    static Coroutine<Void> slowClient(int port) throws IOException {
        Connection alice = await(join(port, "alice", "* welcome alice; nobody else is here"));
        Connection bob = await(join(port, "bob", "* welcome bob; here: alice"));
        Connection slow = await(join(port, "slow", "* welcome slow; here: alice, bob")); // and it reads no more
        await(expect(bob.reader(), "* slow joined"));
        String chunk = "m".repeat(4000);
        int sent = 0;
        boolean kicked = false;
        while (!kicked) {
            assertTrue(sent < 20_000, "slow was never disconnected");
            String message = chunk + " " + sent++;
            alice.writer().write(message + "\n");
            String line;
            while (!(line = await(bob.reader().readLine())).equals("alice: " + message)) { // bob keeps up
                assertEquals(KICKED, line);
                kicked = true;
            }
        }
        alice.writer().write("still here\n");
        await(expect(bob.reader(), "alice: still here"));
        await(expect(alice.reader(), "* bob joined", "* slow joined", KICKED));

        List<String> got = await(linesToEnd(slow.reader())); // what was queued for it, its last line, then the end
        String last = got.get(got.size() - 1);
        assertEquals("* disconnected: more than " + CAP + " bytes waited for you to read them", last);
        assertTrue(got.size() - 1 < sent, got.size() + " lines for slow, " + sent + " sent");
        for (int i = 0; i < got.size() - 1; i++) {
            assertEquals("alice: " + chunk + " " + i, got.get(i));
        }
        slow.close();
        await(alice.closeAsync());
        await(expect(bob.reader(), "* alice left"));
        await(bob.closeAsync());
        return Coroutine.done();
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedWhileTheOthersGoOn() throws IOException {
        run(withServer(ChatServer.start("127.0.0.1", 0, CAP), ChatTest::slowClient));
    }

    @Async
    static Coroutine<Void> joinThenStop(int port, RunningServer running) throws IOException {
        Connection dora = await(join(port, "dora", "* welcome dora; nobody else is here"));
        running.stop();
        assertNull(await(dora.reader().readLine()), "stopping the server closes its clients");
        dora.close();
        return Coroutine.done();
    }

    @Test
    void mainServesUntilStoppedAndThenClosesItsClients() {
        assertTimeoutPreemptively(NetTesting.BOUND, () -> {
            CompletableFuture<RunningServer> listening = new CompletableFuture<>();
            CompletableFuture<Void> ended = NetTesting.onThread("chat-main", () -> ChatServer.run(new String[] {"0"}, listening::complete));
            RunningServer running = NetTesting.get(listening);
            try {
                run(joinThenStop(running.port(), running));
            } finally {
                running.stop();
            }
            NetTesting.get(ended);
        });
    }
}
