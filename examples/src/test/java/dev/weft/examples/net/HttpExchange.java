package dev.weft.examples.net;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.io.StreamReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.weft.Weft.await;

/** One HTTP response as the tests read it off a raw connection: status, header fields (names lower-cased), body. */
record HttpExchange(int status, Map<String, String> headers, String body) {

    /** Reads one response; {@code headOnly} for the answer to HEAD (no body whatever Content-Length says). */
    @Async
    static Coroutine<HttpExchange> read(StreamReader in, boolean headOnly) throws IOException {
        String statusLine = await(in.readLine());
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        String line;
        while (!(line = await(in.readLine())).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String body = "";
        if (!headOnly) {
            byte[] bytes = await(in.readExactly(Integer.parseInt(headers.get("content-length"))));
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        return Coroutine.of(new HttpExchange(status, headers, body));
    }

    boolean closes() {
        return "close".equalsIgnoreCase(headers.get("connection"));
    }
}
