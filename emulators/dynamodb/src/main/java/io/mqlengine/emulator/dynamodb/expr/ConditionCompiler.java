package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.expr.Node.AndNode;
import io.mqlengine.emulator.dynamodb.expr.Node.BetweenNode;
import io.mqlengine.emulator.dynamodb.expr.Node.CallNode;
import io.mqlengine.emulator.dynamodb.expr.Node.CompareNode;
import io.mqlengine.emulator.dynamodb.expr.Node.InNode;
import io.mqlengine.emulator.dynamodb.expr.Node.NotNode;
import io.mqlengine.emulator.dynamodb.expr.Node.OrNode;
import io.mqlengine.emulator.dynamodb.expr.Node.PathNode;
import io.mqlengine.emulator.dynamodb.expr.Node.ValueNode;
import io.mqlengine.emulator.dynamodb.expr.Operand.Attr;
import io.mqlengine.emulator.dynamodb.expr.Operand.Call;
import io.mqlengine.emulator.dynamodb.expr.Operand.Const;
import io.mqlengine.emulator.dynamodb.expr.Problems.Kind;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a parsed condition as DynamoDB does (functions, operand counts and types, distinct operands, BETWEEN
 * bounds) and compiles it. Operands are checked before the comparison or function that holds them, as
 * DynamoDB's own parser does, which decides which of several problems is reported.
 *
 * <p>Longer than most classes: the order of the checks across functions and operators decides which error is
 * reported, so they stay together.
 */
final class ConditionCompiler {
    /** The functions DynamoDB knows, with their operand counts. */
    static final Map<String, Integer> FUNCTIONS = Map.of(
            "attribute_exists", 1, "attribute_not_exists", 1, "attribute_type", 2, "begins_with", 2,
            "contains", 2, "size", 1, "if_not_exists", 2, "list_append", 2);
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> TYPE_NAMES = Set.of("S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M");
    private static final int MAX_IN_OPERANDS = 100;

    private final Problems problems = new Problems();
    private final Resolver resolver;

    private ConditionCompiler(Placeholders placeholders) {
        this.resolver = new Resolver(placeholders, problems, Kind.NAME, Kind.NAME);
    }

    static Conditions.Compiled compile(String text, Placeholders placeholders) {
        Parser.ConditionSyntax syntax = Parser.condition(text);
        ConditionCompiler compiler = new ConditionCompiler(placeholders);
        if (syntax.redundantParens()) {
            compiler.problems.add(Kind.PARENS, "The expression has redundant parentheses;");
        }
        Condition root = compiler.condition(syntax.root());
        compiler.problems.throwFirst(Problems.CONDITION_ORDER);
        return new Conditions.Compiled(root, compiler.resolver.nestedHeads(), compiler.resolver.heads());
    }

    private Condition condition(Node node) {
        if (node instanceof AndNode and) {
            return new Conditions.And(condition(and.left()), condition(and.right()));
        }
        if (node instanceof OrNode or) {
            return new Conditions.Or(condition(or.left()), condition(or.right()));
        }
        if (node instanceof NotNode not) {
            return new Conditions.Not(condition(not.inner()));
        }
        if (node instanceof CompareNode compare) {
            return comparison(compare);
        }
        if (node instanceof BetweenNode between) {
            return between(between);
        }
        if (node instanceof InNode in) {
            return in(in);
        }
        CallNode callNode = (CallNode) node;
        Call call = call(callNode);
        if (call.name().equals("size")) {
            misused("size");
        }
        problems.endOfCondition();
        return new Conditions.Function(call.name(), call.args());
    }

    private Condition comparison(CompareNode node) {
        Operand left = operand(node.left());
        Operand right = operand(node.right());
        misusedAmong(List.of(node.left(), node.right()));
        distinct(node.op(), left, List.of(right));
        if (!node.op().equals("=") && !node.op().equals("<>")) {
            orderable(node.op(), List.of(left, right));
        }
        problems.endOfCondition();
        return new Conditions.Comparison(node.op(), left, right);
    }

    private Condition between(BetweenNode node) {
        Operand subject = operand(node.subject());
        Operand low = operand(node.low());
        Operand high = operand(node.high());
        misusedAmong(List.of(node.subject(), node.low(), node.high()));
        distinct("BETWEEN", subject, List.of(low, high));
        orderable("BETWEEN", List.of(subject, low, high));
        bounds(low, high);
        problems.endOfCondition();
        return new Conditions.Between(subject, low, high);
    }

    private Condition in(InNode node) {
        Operand subject = operand(node.subject());
        List<Operand> candidates = new ArrayList<>();
        node.candidates().forEach(c -> candidates.add(operand(c)));
        List<Node> all = new ArrayList<>(node.candidates());
        all.add(0, node.subject());
        misusedAmong(all);
        if (candidates.size() > MAX_IN_OPERANDS) {
            problems.add(Kind.OPERAND_COUNT, "The IN operator is provided with too many operands; number of operands: "
                    + candidates.size());
        }
        distinct("IN", subject, candidates);
        problems.endOfCondition();
        return new Conditions.In(subject, candidates);
    }

    private Operand operand(Node node) {
        if (node instanceof PathNode path) {
            return new Attr(resolver.path(path));
        }
        if (node instanceof ValueNode value) {
            return new Const(resolver.value(value.placeholder()));
        }
        return call((CallNode) node);
    }

    private Call call(CallNode node) {
        List<Operand> args = new ArrayList<>();
        node.args().forEach(a -> args.add(operand(a)));
        misusedAmong(node.args());
        checkFunction(node.name(), args);
        return new Call(node.name(), args);
    }

    private void checkFunction(String name, List<Operand> args) {
        if (problems.has(Kind.UNKNOWN_FUNCTION)) {
            return;
        }
        Integer operands = FUNCTIONS.get(name);
        if (operands == null) {
            problems.add(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
            return;
        }
        if (UPDATE_FUNCTIONS.contains(name)) {
            misused(name);
            return;
        }
        if (problems.has(Kind.OPERAND_COUNT)) {
            return;
        }
        if (operands != args.size()) {
            problems.add(Kind.OPERAND_COUNT, "Incorrect number of operands for operator or function; "
                    + "operator or function: " + name + ", number of operands: " + args.size());
            return;
        }
        if (args.size() == 2) {
            distinct(name, args.get(0), List.of(args.get(1)));
        }
        if (problems.has(Kind.FUNCTION)) {
            return;
        }
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                if (!(args.get(0) instanceof Attr)) {
                    problems.add(Kind.FUNCTION, "Operator or function requires a document path; operator or function: " + name);
                }
            }
            case "begins_with" -> {
                for (Operand arg : args) {
                    String type = typeOf(arg);
                    if (type != null && !type.equals("S") && !type.equals("B")) {
                        operandType(name, type);
                        return;
                    }
                }
            }
            case "attribute_type" -> attributeType(args.get(1));
            case "size" -> {
                String type = typeOf(args.get(0));
                if ("N".equals(type) || "BOOL".equals(type) || "NULL".equals(type)) {
                    operandType(name, type);
                }
            }
            default -> {
            }
        }
    }

    private void attributeType(Operand typeArg) {
        String type = typeOf(typeArg);
        if (!"S".equals(type)) {
            operandType("attribute_type", type == null ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type);
            return;
        }
        String name = ((Value.S) ((Const) typeArg).value()).value();
        if (!TYPE_NAMES.contains(name)) {
            problems.add(Kind.FUNCTION, "Invalid attribute type name found; type: " + name
                    + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
    }

    /** The type an operand is known to have before any item is read: a value's, or a function's result. */
    private static String typeOf(Operand operand) {
        if (operand instanceof Const c) {
            return c.value() == null ? null : c.value().type().name();
        }
        if (operand instanceof Call call) {
            switch (call.name()) {
                case "size":
                    return "N";
                case "attribute_type", "begins_with", "contains":
                    return "BOOL";
                default:
                    return null;
            }
        }
        return null;
    }

    /** The ordering comparators and BETWEEN take numbers, strings and binary only. */
    private void orderable(String op, List<Operand> operands) {
        for (Operand operand : operands) {
            if (operand instanceof Const c && c.value() != null && !Values.orderable(c.value().type())) {
                operandType(op, c.value().type().name());
                return;
            }
        }
    }

    private void bounds(Operand low, Operand high) {
        if (problems.has(Kind.FUNCTION) || !(low instanceof Const lo) || !(high instanceof Const hi)
                || lo.value() == null || hi.value() == null) {
            return;
        }
        String operands = "lower bound operand: AttributeValue: " + Values.quote(lo.value())
                + ", upper bound operand: AttributeValue: " + Values.quote(hi.value());
        if (lo.value().type() != hi.value().type()) {
            problems.add(Kind.FUNCTION, "The BETWEEN operator requires same data type for lower and upper bounds; " + operands);
        } else if (Objects.requireNonNullElse(Values.compare(lo.value(), hi.value()), 0) > 0) {
            problems.add(Kind.FUNCTION, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                    + operands);
        }
    }

    private void distinct(String op, Operand first, List<Operand> rest) {
        Path path = first.pathOrNull();
        if (path == null || problems.has(Kind.DISTINCT)) {
            return;
        }
        for (Operand other : rest) {
            if (path.equals(other.pathOrNull())) {
                problems.add(Kind.DISTINCT, "The first operand must be distinct from the remaining operands for this "
                        + "operator or function; operator: " + op + ", first operand: " + path.bracketed());
                return;
            }
        }
    }

    /** Only size() may stand where an operand is expected. */
    private void misusedAmong(List<Node> operands) {
        for (Node operand : operands) {
            if (operand instanceof CallNode call && !call.name().equals("size")) {
                misused(call.name());
                return;
            }
        }
    }

    private void misused(String function) {
        problems.add(Kind.MISUSED_FUNCTION,
                "The function is not allowed to be used this way in an expression; function: " + function);
    }

    private void operandType(String function, String type) {
        problems.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: "
                + function + ", operand type: " + type);
    }
}
