package io.mqlengine.emulator.dynamodb.expr;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.expr.SortCondition.Op;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a compiled KeyConditionExpression into a key condition: only ANDed comparisons, BETWEEN and begins_with,
 * each on one top-level attribute, one per key attribute, equality on the partition key; with DynamoDB's
 * messages for each way to get that wrong.
 */
final class KeyConditions {
    private static final Map<String, Op> OPERATORS = Map.of("=", Op.EQ, "<", Op.LT, "<=", Op.LE, ">", Op.GT, ">=", Op.GE);
    private static final Map<String, String> MIRRORED = Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=");
    private static final Set<Value.Type> SCALARS = Set.of(Value.Type.S, Value.Type.N, Value.Type.B);
    private static final Set<Value.Type> EQUALITY = Set.of(Value.Type.S, Value.Type.N, Value.Type.B, Value.Type.SS,
            Value.Type.NS, Value.Type.BS);

    /** One condition on one attribute, with the operand values in order. */
    record Term(Op op, List<Value> values) {
    }

    private KeyConditions() {
    }

    /** The types may be null: then the engine checks the values' types against its schema itself. */
    static KeyCondition of(Condition root, String partitionKey, Value.Type partitionType, String sortKey,
            Value.Type sortType) {
        return bind(terms(root), partitionKey, partitionType, sortKey, sortType);
    }

    /** The checks that need no key schema: operators, operands, one condition per attribute, value types. */
    static Map<String, Term> terms(Condition root) {
        Map<String, Term> terms = new LinkedHashMap<>();
        collect(root, terms);
        if (terms.size() != 1 && terms.size() != 2) {
            throw ApiException.validation("Conditions can be of length 1 or 2 only");
        }
        terms.values().forEach(KeyConditions::checkValueTypes);
        return terms;
    }

    /** The checks against the key schema of the table or index queried. */
    static KeyCondition bind(Map<String, Term> terms, String partitionKey, Value.Type partitionType, String sortKey,
            Value.Type sortType) {
        Term partition = schemaTerm(terms, partitionKey, partitionType, true, sortKey == null);
        Term sort = sortKey == null ? null : schemaTerm(terms, sortKey, sortType, false, false);
        SortCondition sortCondition = sort == null ? null
                : new SortCondition(sort.op(), sort.values().get(0), sort.values().size() > 1 ? sort.values().get(1) : null);
        return new KeyCondition(partition.values().get(0), sortCondition);
    }

    private static void collect(Condition c, Map<String, Term> terms) {
        if (c instanceof Conditions.Compiled compiled) {
            collect(compiled.root(), terms);
        } else if (c instanceof Conditions.And and) {
            collect(and.left(), terms);
            collect(and.right(), terms);
        } else if (c instanceof Conditions.Or) {
            throw invalidOperator("OR");
        } else if (c instanceof Conditions.Not) {
            throw invalidOperator("NOT");
        } else if (c instanceof Conditions.In) {
            throw invalidOperator("IN");
        } else if (c instanceof Conditions.Comparison comparison) {
            if (comparison.op().equals("<>")) {
                throw invalidOperator("<>");
            }
            term(comparison.op(), List.of(comparison.left(), comparison.right()), terms);
        } else if (c instanceof Conditions.Between between) {
            if (!(between.subject() instanceof Operand.Attr)) {
                throw notFirst("BETWEEN");
            }
            term("between", List.of(between.subject(), between.low(), between.high()), terms);
        } else {
            Conditions.Function function = (Conditions.Function) c;
            if (!function.name().equals("begins_with")) {
                throw invalidOperator(function.name());
            }
            if (!(function.args().get(0) instanceof Operand.Attr)) {
                throw notFirst("begins_with");
            }
            term("begins_with", function.args(), terms);
        }
    }

    private static void term(String op, List<Operand> operands, Map<String, Term> terms) {
        String attribute = null;
        int at = 0;
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            Operand operand = operands.get(i);
            if (operand instanceof Operand.Attr attr) {
                if (attribute != null) {
                    throw ApiException.validation("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
                }
                if (attr.path().nested()) {
                    throw ApiException.validation("KeyConditionExpressions cannot have conditions on nested attributes");
                }
                attribute = attr.path().top();
                at = i;
            } else if (operand instanceof Operand.Call) {
                throw ApiException.validation("KeyConditionExpressions cannot contain nested operations");
            } else {
                values.add(((Operand.Const) operand).value());
            }
        }
        if (attribute == null) {
            throw ApiException.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        if (terms.containsKey(attribute)) {
            throw ApiException.validation("KeyConditionExpressions must only contain one condition per key");
        }
        Op operator = switch (op) {
            case "between" -> Op.BETWEEN;
            case "begins_with" -> Op.BEGINS_WITH;
            default -> OPERATORS.get(at == 0 ? op : MIRRORED.get(op));
        };
        terms.put(attribute, new Term(operator, values));
    }

    private static void checkValueTypes(Term term) {
        Set<Value.Type> allowed = switch (term.op()) {
            case EQ -> EQUALITY;
            case BEGINS_WITH -> Set.of(Value.Type.S, Value.Type.B);
            default -> SCALARS;
        };
        for (Value v : term.values()) {
            if (!allowed.contains(v.type())) {
                throw ApiException.validation("One or more parameter values were invalid: ComparisonOperator "
                        + term.op() + " is not valid for " + v.type() + " AttributeValue type");
            }
        }
    }

    private static Term schemaTerm(Map<String, Term> terms, String key, Value.Type type, boolean partition,
            boolean partitionOnly) {
        if (partitionOnly && terms.size() > 1) {
            throw ApiException.validation("Query key condition not supported");
        }
        Term term = terms.get(key);
        if (term == null) {
            if (partition || terms.size() > 1) {
                throw ApiException.validation("Query condition missed key schema element: " + key);
            }
            return null;
        }
        if (type != null && term.values().stream().anyMatch(v -> v.type() != type)) {
            throw ApiException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
        if (partition && term.op() != Op.EQ) {
            throw ApiException.validation("Query key condition not supported");
        }
        return term;
    }

    private static ApiException invalidOperator(String operator) {
        return ApiException.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static ApiException notFirst(String operator) {
        return ApiException.validation("Invalid condition in KeyConditionExpression: " + operator
                + " operator must have the key attribute as its first operand");
    }
}
