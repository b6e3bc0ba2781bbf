package org.pretrain4j.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the line of every {@code include} statement in HOCON text. Typesafe's includer callback is not told where the
 * statement is, yet an error about a missing or refused include must name {@code file:line}. The scanner skips
 * comments and quoted strings and counts an unquoted {@code include} in key position followed by a quoted name or
 * {@code required(}/{@code file(}/{@code url(}/{@code classpath(}, which is how HOCON's parser tells an include from a
 * key named {@code include}. The loader trusts the result only when it found as many statements as the parser did.
 */
final class IncludeScanner {
    private static final String[] OPENERS = {"\"", "required(", "file(", "url(", "classpath("};

    private IncludeScanner() {}

    static List<Integer> lines(String text) {
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        boolean keyPosition = true;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                keyPosition = true;
                i++;
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                while (end < n && text.charAt(end) == '"') {
                    end++; // HOCON lets extra quotes end a triple-quoted string
                }
                line += count(text, i, end);
                i = end;
                keyPosition = false;
            } else if (c == '"') {
                i++;
                while (i < n && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                keyPosition = false;
            } else if (c == '{' || c == ',') {
                keyPosition = true;
                i++;
            } else if (keyPosition && text.startsWith("include", i) && i + 7 < n
                    && (text.charAt(i + 7) == ' ' || text.charAt(i + 7) == '\t')) {
                int j = i + 7;
                while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                    j++;
                }
                for (String opener : OPENERS) {
                    if (text.startsWith(opener, j)) {
                        lines.add(line);
                        break;
                    }
                }
                keyPosition = false;
                i = j;
            } else {
                keyPosition = false;
                i++;
            }
        }
        return lines;
    }

    private static int count(String text, int from, int to) {
        int k = 0;
        for (int i = from; i < Math.min(to, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                k++;
            }
        }
        return k;
    }
}
