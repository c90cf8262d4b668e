package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Weft;
import dev.weft.io.LimitOverrunException;
import dev.weft.io.StreamReader;
import dev.weft.io.StreamWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.weft.Weft.await;

/**
 * The state of a {@link ChatServer}: who is here, and what each line becomes. A client first sends its nickname;
 * after that each line it sends reaches every other member as {@code nick: line}. Joins, leaves and
 * disconnections are announced with lines starting with {@code "* "}.
 *
 * <p>Invariants: every member's task runs on one loop, so {@code members} needs no lock (the room must not be
 * shared by an {@link dev.weft.io.EventLoopGroup}'s loops); {@code members} maps each nickname to the one member
 * using it, in joining order; a member is in it from its join to its leave or disconnection; no member's write
 * buffer stays above {@code writeCap} bytes: one that passes it is disconnected at once.
 */
final class ChatRoom {
    private final Map<String, ChatMember> members = new LinkedHashMap<>();
    private final int writeCap;

    ChatRoom(int writeCap) {
        if (writeCap < 1) {
            throw new IllegalArgumentException("the write cap must be positive: " + writeCap);
        }
        this.writeCap = writeCap;
    }

    /** The {@link dev.weft.io.StreamHandler} of one client: its nickname, then its lines, until it leaves. */
    @Async
    Coroutine<Void> handle(StreamReader in, StreamWriter out) {
        ChatMember me = null;
        try {
            me = await(join(in, out));
            while (me != null) {
                String line;
                try {
                    line = await(in.readLine());
                } catch (LimitOverrunException tooLong) {
                    await(LongLines.skipRest(in));
                    tell(me, "* line too long, not sent");
                    continue;
                }
                if (line == null) {
                    break;
                }
                broadcast(me, me.nick() + ": " + line);
            }
        } catch (IOException clientGone) {
            // reset or broken pipe: it left
        } finally {
            if (me != null && members.remove(me.nick(), me)) {
                broadcast(null, "* " + me.nick() + " left");
            }
        }
        return Coroutine.done();
    }

    /** Reads nicknames until one is free, then adds the member; null if the client leaves first. */
    @Async
    private Coroutine<ChatMember> join(StreamReader in, StreamWriter out) throws IOException {
        for (;;) {
            String nick = await(in.readLine());
            if (nick == null) {
                return Coroutine.of(null);
            }
            nick = nick.strip();
            if (nick.isEmpty() || nick.length() > 32 || nick.startsWith("*") || nick.contains(":")) {
                out.write("* a nickname is 1 to 32 characters, without ':' or a leading '*'\n");
            } else if (members.containsKey(nick)) {
                out.write("* " + nick + " is taken, send another nickname\n");
            } else {
                String here = members.isEmpty() ? "nobody else is here" : "here: " + String.join(", ", members.keySet());
                ChatMember me = new ChatMember(nick, out, Weft.currentTask());
                members.put(nick, me);
                tell(me, "* welcome " + nick + "; " + here);
                broadcast(me, "* " + nick + " joined");
                return Coroutine.of(me);
            }
            await(out.drain());
        }
    }

    /** Sends {@code line} to {@code member} alone, disconnecting it if that leaves it over the cap. */
    private void tell(ChatMember member, String line) {
        if (!member.send(line, writeCap)) {
            disconnect(List.of(member));
        }
    }

    /** Sends {@code line} to every member but {@code from}, disconnecting those it would leave over the cap. */
    private void broadcast(ChatMember from, String line) {
        List<ChatMember> tooSlow = null;
        for (ChatMember m : members.values()) {
            if (m != from && !m.send(line, writeCap)) {
                if (tooSlow == null) {
                    tooSlow = new ArrayList<>();
                }
                tooSlow.add(m);
            }
        }
        if (tooSlow != null) {
            disconnect(tooSlow);
        }
    }

    /** Removes the members {@code slow} (out of the loop over the members), then tells the others. */
    private void disconnect(List<ChatMember> slow) {
        for (ChatMember m : slow) {
            members.remove(m.nick(), m);
            m.disconnect("* disconnected: more than " + writeCap + " bytes waited for you to read them");
        }
        for (ChatMember m : slow) {
            broadcast(null, "* " + m.nick() + " was disconnected (not reading)");
        }
    }

    /** How many members are here. */
    int size() {
        return members.size();
    }
}
