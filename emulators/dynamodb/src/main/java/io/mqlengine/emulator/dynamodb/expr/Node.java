package io.mqlengine.emulator.dynamodb.expr;

import java.util.List;

/**
 * The syntax tree the parser builds: placeholders still unresolved, so that the checks that follow can report
 * them in DynamoDB's order of precedence.
 */
sealed interface Node {
    /** One element of a document path as written: a name, a {@code #name} placeholder or a list index. */
    record Part(Lexer.Kind kind, String text) {
    }

    record PathNode(List<Part> parts) implements Node {
    }

    record ValueNode(String placeholder) implements Node {
    }

    record CallNode(String name, List<Node> args) implements Node {
    }

    /** Parentheses around an operand or a condition; kept only while parsing. */
    record ParenNode(Node inner) implements Node {
    }

    record CompareNode(String op, Node left, Node right) implements Node {
    }

    record BetweenNode(Node subject, Node low, Node high) implements Node {
    }

    record InNode(Node subject, List<Node> candidates) implements Node {
    }

    record AndNode(Node left, Node right) implements Node {
    }

    record OrNode(Node left, Node right) implements Node {
    }

    record NotNode(Node inner) implements Node {
    }

    /** {@code a + b} or {@code a - b} in a SET action. */
    record ArithNode(String op, Node left, Node right) implements Node {
    }

    /** One action of an update expression: its clause (SET, REMOVE, ADD, DELETE), target and operand. */
    record Action(String clause, PathNode path, Node value) {
    }

    /** The actions in the order written, and the clause keywords in the order they appear. */
    record UpdateSyntax(List<Action> actions, List<String> clauses) {
    }

    static Node unwrap(Node node) {
        Node n = node;
        while (n instanceof ParenNode p) {
            n = p.inner();
        }
        return n;
    }

    static boolean isOperand(Node node) {
        return node instanceof PathNode || node instanceof ValueNode || node instanceof CallNode;
    }
}
