package org.gqa4j.core;

/**
 * A short, escaped quotation of foreign text (a field, a token, a recorded value) for error
 * messages: at most {@value #MAX} characters, control and non-ASCII characters escaped, so a
 * hostile file can neither flood the terminal nor smuggle escape sequences into it.
 */
public final class Excerpt {

    public static final int MAX = 40;

    private Excerpt() {}

    /** {@code 'text'}, or {@code 'first 40 chars...' (N characters)} when longer. */
    public static String of(String text) {
        return of(text, MAX);
    }

    /** Like {@link #of(String)} with another limit (e.g. for a parser's own message). */
    public static String of(String text, int max) {
        if (text == null) return "null";
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(text.length(), max);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\'') b.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) b.append(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\t') b.append("\\t");
            else if (c == '\r') b.append("\\r");
            else b.append(String.format("\\u%04x", (int) c));
        }
        b.append(text.length() > max ? "...' (" + text.length() + " characters)" : "'");
        return b.toString();
    }
}
