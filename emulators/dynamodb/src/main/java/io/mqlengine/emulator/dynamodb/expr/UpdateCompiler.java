package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.expr.Node.Action;
import io.mqlengine.emulator.dynamodb.expr.Node.ArithNode;
import io.mqlengine.emulator.dynamodb.expr.Node.CallNode;
import io.mqlengine.emulator.dynamodb.expr.Node.PathNode;
import io.mqlengine.emulator.dynamodb.expr.Node.UpdateSyntax;
import io.mqlengine.emulator.dynamodb.expr.Node.ValueNode;
import io.mqlengine.emulator.dynamodb.expr.Operand.Arith;
import io.mqlengine.emulator.dynamodb.expr.Operand.Attr;
import io.mqlengine.emulator.dynamodb.expr.Operand.Call;
import io.mqlengine.emulator.dynamodb.expr.Operand.Const;
import io.mqlengine.emulator.dynamodb.expr.Problems.Kind;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a parsed update expression as DynamoDB does (clauses used once, paths that do not overlap, operand
 * types of ADD, DELETE, +, - and list_append, functions allowed in SET) and compiles it.
 */
final class UpdateCompiler {
    private final Problems problems = new Problems();
    private final Resolver resolver;

    private UpdateCompiler(Placeholders placeholders) {
        this.resolver = new Resolver(placeholders, problems, Kind.NAME, Kind.VALUE);
    }

    static Update compile(String text, Placeholders placeholders) {
        UpdateSyntax syntax = Parser.update(text);
        UpdateCompiler compiler = new UpdateCompiler(placeholders);
        List<Update.Step> steps = new ArrayList<>();
        for (Action action : syntax.actions()) {
            steps.add(compiler.step(action));
        }
        compiler.checkClauses(syntax.clauses());
        compiler.problems.throwFirst(Problems.UPDATE_ORDER);
        return new Update(steps, compiler.resolver.nestedHeads());
    }

    private Update.Step step(Action action) {
        Path target = resolver.path(action.path());
        Operand value = action.value() == null ? null : setValue(action.value());
        resolver.written(target);
        if (action.clause().equals("ADD") || action.clause().equals("DELETE")) {
            checkAddOrDelete(action.clause(), ((Const) value).value());
        }
        return new Update.Step(action.clause(), target, value);
    }

    private void checkClauses(List<String> clauses) {
        Set<String> seen = new HashSet<>();
        for (String clause : clauses) {
            if (!seen.add(clause)) {
                problems.add(Kind.SECTION, "The \"" + clause + "\" section can only be used once in an update expression;");
                return;
            }
        }
    }

    private void checkAddOrDelete(String clause, Value value) {
        if (value == null) {
            return;
        }
        String type = Values.longName(value.type());
        if (type != null && !(clause.equals("ADD") && value.type() == Value.Type.N)) {
            problems.add(Kind.OPERAND, "Incorrect operand type for operator or function; operator: " + clause
                    + ", operand type: " + type + ", typeSet: ALLOWED_FOR_" + clause + "_OPERAND");
        }
    }

    private Operand setValue(Node node) {
        if (!(node instanceof ArithNode arith)) {
            return operand(node);
        }
        Operand left = operand(arith.left());
        Operand right = operand(arith.right());
        requireType(arith.op(), List.of(left, right), Value.Type.N);
        return new Arith(arith.op(), left, right);
    }

    private Operand operand(Node node) {
        if (node instanceof PathNode path) {
            return new Attr(resolver.path(path));
        }
        if (node instanceof ValueNode value) {
            return new Const(resolver.value(value.placeholder()));
        }
        CallNode call = (CallNode) node;
        List<Operand> args = new ArrayList<>();
        call.args().forEach(a -> args.add(operand(a)));
        checkNesting(call);
        checkFunction(call.name(), args);
        return new Call(call.name(), args);
    }

    /** list_append may hold if_not_exists, but not another list_append. */
    private void checkNesting(CallNode call) {
        for (Node arg : call.args()) {
            if (arg instanceof CallNode inner && call.name().equals("list_append") && inner.name().equals("list_append")) {
                misused(inner.name());
                return;
            }
        }
    }

    private void checkFunction(String name, List<Operand> args) {
        if (problems.has(Kind.UNKNOWN_FUNCTION)) {
            return;
        }
        Integer operands = ConditionCompiler.FUNCTIONS.get(name);
        if (operands == null) {
            problems.add(Kind.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
            return;
        }
        if (!name.equals("if_not_exists") && !name.equals("list_append")) {
            misused(name);
            return;
        }
        if (problems.has(Kind.FUNCTION)) {
            return;
        }
        if (operands != args.size()) {
            problems.add(Kind.FUNCTION, "Incorrect number of operands for operator or function; "
                    + "operator or function: " + name + ", number of operands: " + args.size());
        } else if (name.equals("if_not_exists")) {
            if (!(args.get(0) instanceof Attr)) {
                problems.add(Kind.FUNCTION, "Operator or function requires a document path; operator or function: " + name);
            }
        } else {
            requireType(name, args, Value.Type.L);
        }
    }

    /** Values written into the expression must have the type the operator takes; paths are checked later. */
    private void requireType(String function, List<Operand> args, Value.Type type) {
        if (problems.has(Kind.FUNCTION)) {
            return;
        }
        for (Operand arg : args) {
            if (arg instanceof Const c && c.value() != null && c.value().type() != type) {
                problems.add(Kind.FUNCTION, "Incorrect operand type for operator or function; operator or function: "
                        + function + ", operand type: " + c.value().type());
                return;
            }
        }
    }

    private void misused(String function) {
        problems.add(Kind.MISUSED_FUNCTION,
                "The function is not allowed to be used this way in an expression; function: " + function);
    }
}
