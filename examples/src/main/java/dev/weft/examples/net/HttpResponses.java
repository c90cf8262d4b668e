package dev.weft.examples.net;

import java.nio.charset.StandardCharsets;

/**
 * Every response {@link HttpServer} sends, encoded once when the class loads: a plain-text body with its
 * Content-Length, and {@code Connection: close} when the connection ends after it. Sending one is then a single
 * write of a shared array (the writer copies only what the socket does not take at once).
 *
 * <p>Invariants: the arrays are never modified after the class is initialized.
 */
final class HttpResponses {
    static final String HELLO = "Hello, World!\n";

    private static final int[] STATUSES = {200, 400, 404, 405, 413, 431, 501, 505};
    private static final String[] REASONS = {"OK", "Bad Request", "Not Found", "Method Not Allowed", "Content Too Large",
            "Request Header Fields Too Large", "Not Implemented", "HTTP Version Not Supported"};
    /** [status index][close][head only]. */
    private static final byte[][][][] ENCODED = new byte[STATUSES.length][2][2][];

    static {
        for (int i = 0; i < STATUSES.length; i++) {
            String body = STATUSES[i] == 200 ? HELLO : REASONS[i] + "\n";
            for (int close = 0; close < 2; close++) {
                for (int head = 0; head < 2; head++) {
                    ENCODED[i][close][head] = encode(STATUSES[i], REASONS[i], body, close == 1, head == 1);
                }
            }
        }
    }

    private static final byte[] OK = ENCODED[0][0][0];

    private HttpResponses() {
    }

    /** The response to a GET of the root on a connection that stays open: the fast path. */
    static byte[] ok() {
        return OK;
    }

    /**
     * The response with {@code status} (one of 200, 400, 404, 405, 413, 431, 501, 505), ending the connection if
     * {@code close}; without its body (answering HEAD) if {@code headOnly}.
     */
    static byte[] of(int status, boolean close, boolean headOnly) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == status) {
                return ENCODED[i][close ? 1 : 0][headOnly ? 1 : 0];
            }
        }
        throw new IllegalArgumentException("no response for status " + status);
    }

    private static byte[] encode(int status, String reason, String body, boolean close, boolean headOnly) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        if (status == 405) {
            head.append("Allow: GET, HEAD\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        if (headOnly) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        return all;
    }
}
