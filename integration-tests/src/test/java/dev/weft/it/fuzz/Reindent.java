package dev.weft.it.fuzz;

/**
 * Re-indents a shrunk program by brace depth (shrinking moves statements between nesting levels), so that the
 * printed reproducer reads like hand-written code. Braces inside string and char literals are ignored.
 */
final class Reindent {
    private Reindent() {
    }

    static String format(String source) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (String raw : source.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() && out.length() > 1 && out.charAt(out.length() - 2) == '\n') {
                continue; // one blank line at most
            }
            int opens = 0;
            int leadingCloses = 0;
            boolean leading = true;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    leading = false;
                } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                    break;
                } else if (c == '{') {
                    opens++;
                    leading = false;
                } else if (c == '}') {
                    if (leading) {
                        leadingCloses++;
                    } else {
                        opens--;
                    }
                } else if (!Character.isWhitespace(c) && c != ')') {
                    leading = false;
                }
            }
            depth = Math.max(0, depth - leadingCloses);
            boolean caseLabel = line.startsWith("case ") && line.endsWith(":") || line.equals("default:");
            int indent = Math.max(0, depth - (caseLabel ? 1 : 0));
            out.append(line.isEmpty() ? "" : "    ".repeat(indent)).append(line).append('\n');
            depth = Math.max(0, depth + opens);
        }
        String s = out.toString();
        return s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
    }
}
