package io.mqlengine.emulator.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression text into tokens as DynamoDB's lexer does: names start with a letter, {@code #name} and
 * {@code :value} placeholders take letters, digits and underscores, list indexes are digits, and every other
 * character is a token of its own, so that a syntax error can name it.
 */
final class Lexer {
    enum Kind { IDENT, NAME, VALUE, NUMBER, PUNCT, OTHER, EOF }

    /** One token and where it sits in the text, for syntax errors. */
    record Token(Kind kind, String text, int start, int end) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        /** Whether this is the keyword {@code word}; keywords are case-insensitive. */
        boolean isKeyword(String word) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(word);
        }
    }

    private Lexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isLetter(c)) {
                i = skipNameChars(text, i + 1);
                kind = Kind.IDENT;
            } else if (isDigit(c)) {
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
                kind = Kind.NUMBER;
            } else if ((c == '#' || c == ':') && i + 1 < text.length() && isNameChar(text.charAt(i + 1))) {
                i = skipNameChars(text, i + 1);
                kind = c == '#' ? Kind.NAME : Kind.VALUE;
            } else if ((c == '<' || c == '>') && i + 1 < text.length()
                    && (text.charAt(i + 1) == '=' || (c == '<' && text.charAt(i + 1) == '>'))) {
                i += 2;
                kind = Kind.PUNCT;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                i++;
                kind = Kind.PUNCT;
            } else {
                i += Character.charCount(text.codePointAt(i));
                kind = Kind.OTHER;
            }
            out.add(new Token(kind, text.substring(start, i), start, i));
        }
        out.add(new Token(Kind.EOF, "<EOF>", text.length(), text.length()));
        return out;
    }

    private static int skipNameChars(String text, int i) {
        while (i < text.length() && isNameChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }
}
