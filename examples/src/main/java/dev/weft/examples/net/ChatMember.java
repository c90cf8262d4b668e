package dev.weft.examples.net;

import dev.weft.Task;
import dev.weft.io.StreamWriter;

/**
 * One client of a {@link ChatRoom}: its nickname, its own writer, and the task serving it. {@link #send} never
 * waits, so a client that reads slowly cannot hold up whoever sends to it; the room disconnects it instead once
 * more than its cap is waiting in its write buffer.
 *
 * <p>Invariants: used on the room's loop only; once {@link #disconnect} ran, nothing more is written.
 */
final class ChatMember {
    private final String nick;
    private final StreamWriter writer;
    private final Task<?> task;
    private boolean disconnected;

    ChatMember(String nick, StreamWriter writer, Task<?> task) {
        this.nick = nick;
        this.writer = writer;
        this.task = task;
    }

    String nick() {
        return nick;
    }

    /** Queues {@code line} for the client; false if more than {@code cap} bytes now wait to be sent to it. */
    boolean send(String line, int cap) {
        if (disconnected) {
            return true;
        }
        writer.write(line + "\n");
        return writer.writeBufferSize() <= cap;
    }

    /**
     * Sends {@code reason} last and closes the connection once the client has read what waits for it (the stream
     * API has no abort yet), and cancels the task reading from it.
     */
    void disconnect(String reason) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        writer.write(reason + "\n");
        writer.close();
        task.cancel("disconnected: " + reason);
    }

    @Override
    public String toString() {
        return "ChatMember[" + nick + ", " + writer + "]";
    }
}
