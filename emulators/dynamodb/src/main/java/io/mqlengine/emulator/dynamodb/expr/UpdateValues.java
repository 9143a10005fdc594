package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Numbers;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The value of a SET operand against the item as it was: a path must exist (except inside if_not_exists),
 * + and - take numbers, list_append takes lists.
 */
final class UpdateValues {
    private UpdateValues() {
    }

    static Value evaluate(Operand operand, Map<String, Value> item) {
        if (operand instanceof Operand.Const c) {
            return c.value();
        }
        if (operand instanceof Operand.Attr a) {
            Value v = a.path().resolve(item);
            if (v == null) {
                throw ApiException.validation("The provided expression refers to an attribute that does not exist in the item");
            }
            return v;
        }
        if (operand instanceof Operand.Arith arith) {
            Value.N left = number(evaluate(arith.left(), item));
            Value.N right = number(evaluate(arith.right(), item));
            return new Value.N(Numbers.check(arith.op().equals("+")
                    ? left.value().add(right.value())
                    : left.value().subtract(right.value())));
        }
        Operand.Call call = (Operand.Call) operand;
        if (call.name().equals("if_not_exists")) {
            Value existing = call.args().get(0).read(item);
            return existing != null ? existing : evaluate(call.args().get(1), item);
        }
        Value.L head = list(evaluate(call.args().get(0), item));
        Value.L tail = list(evaluate(call.args().get(1), item));
        List<Value> joined = new ArrayList<>(head.values());
        joined.addAll(tail.values());
        return new Value.L(joined);
    }

    private static Value.N number(Value v) {
        if (v instanceof Value.N n) {
            return n;
        }
        throw Update.wrongType();
    }

    private static Value.L list(Value v) {
        if (v instanceof Value.L l) {
            return l;
        }
        throw Update.wrongType();
    }
}
