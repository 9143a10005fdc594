package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.expr.Lexer.Kind;
import io.mqlengine.emulator.dynamodb.expr.Lexer.Token;
import io.mqlengine.emulator.dynamodb.expr.Node.Action;
import io.mqlengine.emulator.dynamodb.expr.Node.AndNode;
import io.mqlengine.emulator.dynamodb.expr.Node.ArithNode;
import io.mqlengine.emulator.dynamodb.expr.Node.BetweenNode;
import io.mqlengine.emulator.dynamodb.expr.Node.CallNode;
import io.mqlengine.emulator.dynamodb.expr.Node.CompareNode;
import io.mqlengine.emulator.dynamodb.expr.Node.InNode;
import io.mqlengine.emulator.dynamodb.expr.Node.NotNode;
import io.mqlengine.emulator.dynamodb.expr.Node.OrNode;
import io.mqlengine.emulator.dynamodb.expr.Node.ParenNode;
import io.mqlengine.emulator.dynamodb.expr.Node.Part;
import io.mqlengine.emulator.dynamodb.expr.Node.PathNode;
import io.mqlengine.emulator.dynamodb.expr.Node.UpdateSyntax;
import io.mqlengine.emulator.dynamodb.expr.Node.ValueNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for the three expression grammars (conditions, updates, projections). It reports
 * the first token it cannot accept as DynamoDB does: {@code Syntax error; token: "=", near: "= = b"}, where
 * "near" runs from the token before to the token after.
 *
 * <p>Longer than most classes: a recursive-descent parser reads best with all its grammar rules together.
 */
final class Parser {
    private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
    private static final Set<String> UPDATE_KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    /** Document paths reach at most this many levels, the top-level attribute included. */
    static final int MAX_PATH_DEPTH = 32;

    private final String text;
    private final List<Token> tokens;
    private final Set<String> keywords;
    private final boolean groupedPaths;
    private int pos;
    private int parenDepth;
    private boolean redundantParens;

    private Parser(String text, Set<String> keywords, boolean groupedPaths) {
        this.text = text;
        this.tokens = Lexer.tokens(text);
        this.keywords = keywords;
        this.groupedPaths = groupedPaths;
    }

    /** A parsed condition, and whether it wraps anything in two pairs of parentheses. */
    record ConditionSyntax(Node root, boolean redundantParens) {
    }

    static ConditionSyntax condition(String text) {
        Parser p = new Parser(text, CONDITION_KEYWORDS, true);
        Node root = p.parseOr();
        p.requireCondition(root);
        p.expectEnd();
        return new ConditionSyntax(Node.unwrap(root), p.redundantParens);
    }

    static UpdateSyntax update(String text) {
        Parser p = new Parser(text, UPDATE_KEYWORDS, false);
        List<Action> actions = new ArrayList<>();
        List<String> clauses = new ArrayList<>();
        do {
            Token t = p.peek();
            String clause = t.kind() == Kind.IDENT ? t.text().toUpperCase(Locale.ROOT) : "";
            if (!UPDATE_KEYWORDS.contains(clause)) {
                throw p.syntaxError(t);
            }
            p.next();
            clauses.add(clause);
            do {
                actions.add(p.parseAction(clause));
            } while (p.accept(","));
        } while (p.peek().kind() != Kind.EOF);
        return new UpdateSyntax(actions, clauses);
    }

    static List<PathNode> projection(String text) {
        Parser p = new Parser(text, Set.of(), false);
        List<PathNode> paths = new ArrayList<>();
        do {
            paths.add(p.parsePath());
        } while (p.accept(","));
        p.expectEnd();
        return paths;
    }

    // ---- conditions: OR below AND below NOT below comparisons

    private Node parseOr() {
        Node left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            Node right = parseAnd();
            requireCondition(right);
            left = new OrNode(Node.unwrap(left), Node.unwrap(right));
        }
        return left;
    }

    private Node parseAnd() {
        Node left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            Node right = parseNot();
            requireCondition(right);
            left = new AndNode(Node.unwrap(left), Node.unwrap(right));
        }
        return left;
    }

    private Node parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            Node inner = parseNot();
            requireCondition(inner);
            return new NotNode(Node.unwrap(inner));
        }
        return parseComparison();
    }

    /**
     * A comparison, BETWEEN, IN or function call; or a parenthesised condition; or, only directly inside
     * parentheses, a bare operand, which the enclosing parentheses hand back to a comparison: {@code (a) = b}.
     */
    private Node parseComparison() {
        Node left = parsePrimary();
        Node core = Node.unwrap(left);
        if (!Node.isOperand(core)) {
            return left;
        }
        Token t = peek();
        if (t.kind() == Kind.PUNCT && COMPARATORS.contains(t.text())) {
            next();
            return new CompareNode(t.text(), core, Node.unwrap(parseOperandParens()));
        }
        if (t.isKeyword("BETWEEN")) {
            next();
            Node low = Node.unwrap(parseOperandParens());
            expectKeyword("AND");
            return new BetweenNode(core, low, Node.unwrap(parseOperandParens()));
        }
        if (t.isKeyword("IN")) {
            next();
            expect("(");
            List<Node> candidates = new ArrayList<>();
            do {
                candidates.add(Node.unwrap(parseOperandParens()));
            } while (accept(","));
            expect(")");
            return new InNode(core, candidates);
        }
        if (core instanceof CallNode || (parenDepth > 0 && t.is(")"))) {
            return left;
        }
        throw syntaxError(t);
    }

    private Node parsePrimary() {
        if (!peek().is("(")) {
            return parseOperand();
        }
        next();
        parenDepth++;
        Node inner = parseOr();
        expect(")");
        parenDepth--;
        return continuePath(parenthesised(inner));
    }

    private void requireCondition(Node node) {
        Node core = Node.unwrap(node);
        if (core instanceof PathNode || core instanceof ValueNode) {
            throw syntaxError(peek());
        }
    }

    // ---- operands

    private Node parseOperandParens() {
        if (!peek().is("(")) {
            return parseOperand();
        }
        next();
        Node inner = parseOperandParens();
        expect(")");
        return continuePath(parenthesised(inner));
    }

    private Node parenthesised(Node inner) {
        if (inner instanceof ParenNode) {
            redundantParens = true;
        }
        return new ParenNode(inner);
    }

    private Node parseOperand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE) {
            next();
            return new ValueNode(t.text());
        }
        if (isName(t) && t.kind() == Kind.IDENT && peekAt(1).is("(")) {
            next();
            next();
            List<Node> args = new ArrayList<>();
            do {
                args.add(Node.unwrap(parseOperandParens()));
            } while (accept(","));
            expect(")");
            return new CallNode(t.text(), args);
        }
        return parsePath();
    }

    /** Grouped paths, {@code (a.b).c}, are part of the condition grammar only. */
    private Node continuePath(Node node) {
        Node core = Node.unwrap(node);
        if (!groupedPaths || !(core instanceof PathNode path) || !(peek().is(".") || peek().is("["))) {
            return node;
        }
        List<Part> parts = new ArrayList<>(path.parts());
        parsePathTail(parts);
        return pathNode(parts);
    }

    private PathNode parsePath() {
        Token head = peek();
        if (!isName(head)) {
            throw syntaxError(head);
        }
        next();
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(head.kind(), head.text()));
        parsePathTail(parts);
        return pathNode(parts);
    }

    private static PathNode pathNode(List<Part> parts) {
        if (parts.size() > MAX_PATH_DEPTH) {
            throw new ExpressionException("The document path has too many nesting levels; nesting levels: " + parts.size());
        }
        return new PathNode(List.copyOf(parts));
    }

    private void parsePathTail(List<Part> parts) {
        while (true) {
            if (accept("[")) {
                Token index = peek();
                if (index.kind() != Kind.NUMBER || index.text().length() > 9) {
                    throw syntaxError(index);
                }
                next();
                expect("]");
                parts.add(new Part(Kind.NUMBER, index.text()));
            } else if (accept(".")) {
                Token name = peek();
                if (!isName(name)) {
                    throw syntaxError(name);
                }
                next();
                parts.add(new Part(name.kind(), name.text()));
            } else {
                return;
            }
        }
    }

    private boolean isName(Token t) {
        return t.kind() == Kind.NAME
                || (t.kind() == Kind.IDENT && !keywords.contains(t.text().toUpperCase(Locale.ROOT)));
    }

    // ---- updates

    private Action parseAction(String clause) {
        PathNode path = parsePath();
        switch (clause) {
            case "SET":
                expect("=");
                return new Action(clause, path, parseSetValue());
            case "REMOVE":
                return new Action(clause, path, null);
            default:
                Token value = peek();
                if (value.kind() != Kind.VALUE) {
                    throw syntaxError(value);
                }
                next();
                return new Action(clause, path, new ValueNode(value.text()));
        }
    }

    /** {@code operand}, {@code operand + operand}, {@code operand - operand}, any of them in parentheses. */
    private Node parseSetValue() {
        Node first = parseSetTerm();
        Token t = peek();
        if (!t.is("+") && !t.is("-")) {
            return first;
        }
        if (first instanceof ArithNode) {
            throw syntaxError(t);
        }
        next();
        return new ArithNode(t.text(), first, Node.unwrap(parseOperandParens()));
    }

    private Node parseSetTerm() {
        if (!peek().is("(")) {
            return parseOperand();
        }
        next();
        Node inner = parseSetValue();
        expect(")");
        return inner;
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean accept(String punct) {
        if (peek().is(punct)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw syntaxError(peek());
        }
    }

    private void expectKeyword(String word) {
        if (!peek().isKeyword(word)) {
            throw syntaxError(peek());
        }
        next();
    }

    private void expectEnd() {
        if (peek().kind() != Kind.EOF) {
            throw syntaxError(peek());
        }
    }

    private ExpressionException syntaxError(Token t) {
        int i = tokens.indexOf(t);
        int from = i > 0 ? tokens.get(i - 1).start() : t.start();
        int to = i + 1 < tokens.size() ? tokens.get(i + 1).end() : t.end();
        return new ExpressionException("Syntax error; token: \"" + t.text() + "\", near: \"" + text.substring(from, to) + "\"");
    }
}
