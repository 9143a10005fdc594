package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.List;
import java.util.Map;

/** A resolved operand: a document path, a placeholder's value, a function call or an arithmetic in SET. */
sealed interface Operand {
    record Attr(Path path) implements Operand {
    }

    record Const(Value value) implements Operand {
    }

    record Call(String name, List<Operand> args) implements Operand {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code a + b} or {@code a - b}. */
    record Arith(String op, Operand left, Operand right) implements Operand {
    }

    /**
     * The operand's value against {@code item} as conditions see it: null where an attribute is missing, and
     * {@code size} of a value without a size is missing too.
     */
    default Value read(Map<String, Value> item) {
        if (this instanceof Attr a) {
            return a.path().resolve(item);
        }
        if (this instanceof Const c) {
            return c.value();
        }
        if (this instanceof Call call && call.name().equals("size")) {
            return Values.size(call.args().get(0).read(item));
        }
        return null;
    }

    /** The path, when this operand is one. */
    default Path pathOrNull() {
        return this instanceof Attr a ? a.path() : null;
    }
}
