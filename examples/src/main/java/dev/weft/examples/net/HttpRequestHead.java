package dev.weft.examples.net;

/**
 * The head of one HTTP/1.x request (request line and header fields) as {@link HttpServer} needs it: method,
 * target, version, whether the connection stays open, and the body's length. It checks what RFC 9112 requires of
 * a server reading a request and reports the first problem as the status to answer with ({@link #problem()}).
 *
 * <p>Invariants: {@code problem} is 0 while the head is well formed, else the status of the first problem found
 * (it never changes back); {@code contentLength} is -1 until a valid Content-Length field was seen.
 */
final class HttpRequestHead {
    /** More header fields than this is answered with 431, as a field line over the reader's limit is. */
    static final int MAX_FIELDS = 100;

    private final String method;
    private final String target;
    private final boolean http11;
    private int problem;
    private int fields;
    private boolean closeRequested;
    private long contentLength = -1;

    private HttpRequestHead(String method, String target, boolean http11, int problem) {
        this.method = method;
        this.target = target;
        this.http11 = http11;
        this.problem = problem;
    }

    /** Parses {@code method SP target SP HTTP/1.x}; a malformed line gives a head whose problem is 400 (505 for HTTP/2+). */
    static HttpRequestHead parse(String line) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0) {
            return malformed(400);
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        if (!isToken(method, 0, method.length()) || !isVisible(target)) {
            return malformed(400);
        }
        if (line.regionMatches(sp2 + 1, "HTTP/1.1", 0, 8) && line.length() == sp2 + 9) {
            return new HttpRequestHead(method, target, true, 0);
        }
        if (line.regionMatches(sp2 + 1, "HTTP/1.0", 0, 8) && line.length() == sp2 + 9) {
            return new HttpRequestHead(method, target, false, 0);
        }
        boolean wellFormedVersion = line.length() == sp2 + 9 && line.startsWith("HTTP/", sp2 + 1)
                && isDigit(line.charAt(sp2 + 6)) && line.charAt(sp2 + 7) == '.' && isDigit(line.charAt(sp2 + 8));
        return malformed(wellFormedVersion ? 505 : 400);
    }

    private static HttpRequestHead malformed(int status) {
        return new HttpRequestHead(null, null, false, status);
    }

    /** Takes one header field line ({@code name: value}); a malformed one sets the problem to 400. */
    void field(String line) {
        if (problem != 0) {
            return;
        }
        if (++fields > MAX_FIELDS) {
            problem = 431;
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line, 0, colon)) { // also refuses obsolete line folding and space before ':'
            problem = 400;
            return;
        }
        String value = line.substring(colon + 1).strip();
        if (nameIs(line, colon, "Connection")) {
            for (String option : value.split(",")) {
                if (option.strip().equalsIgnoreCase("close")) {
                    closeRequested = true;
                }
            }
        } else if (nameIs(line, colon, "Content-Length")) {
            long length = parseLength(value);
            if (length < 0 || contentLength >= 0 && contentLength != length) {
                problem = 400;
            } else {
                contentLength = length;
            }
        } else if (nameIs(line, colon, "Transfer-Encoding")) {
            problem = 501; // a chunked body cannot be skipped without decoding it, and this server does not
        }
    }

    /** 0 if the request can be answered, else the status of the first problem. */
    int problem() {
        return problem;
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    /** Whether the connection stays open after the response: HTTP/1.1 without {@code Connection: close}. */
    boolean keepAlive() {
        return http11 && !closeRequested;
    }

    /** The body's length in bytes, 0 without a Content-Length field. */
    long contentLength() {
        return Math.max(contentLength, 0);
    }

    private static boolean nameIs(String line, int colon, String name) {
        return colon == name.length() && line.regionMatches(true, 0, name, 0, colon);
    }

    /** A decimal length of up to 18 digits, else -1. */
    private static long parseLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110's token: one or more tchar. */
    private static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c);
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
