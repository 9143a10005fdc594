package io.mqlengine.emulator.dynamodb.expr;

import static io.mqlengine.emulator.dynamodb.expr.Items.assertValidation;
import static io.mqlengine.emulator.dynamodb.expr.Items.b;
import static io.mqlengine.emulator.dynamodb.expr.Items.l;
import static io.mqlengine.emulator.dynamodb.expr.Items.m;
import static io.mqlengine.emulator.dynamodb.expr.Items.n;
import static io.mqlengine.emulator.dynamodb.expr.Items.names;
import static io.mqlengine.emulator.dynamodb.expr.Items.s;
import static io.mqlengine.emulator.dynamodb.expr.Items.ss;
import static io.mqlengine.emulator.dynamodb.expr.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.expr.SortCondition.Op;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyConditionExpressionTest {
    private static final Map<String, Value> VALUES = values(":p", s("p1"), ":c", n(3), ":d", n(7), ":s", s("00"));

    private static KeyCondition key(String expression) {
        Placeholders p = new Placeholders(names("#p", "p", "#c", "c"), VALUES);
        return Expressions.keyCondition(expression, p, "p", "c");
    }

    private static void refused(String expression, String partitionKey, String sortKey, String message) {
        Placeholders p = new Placeholders(null, values(":a", s("1"), ":b", s("1"), ":n", n(1), ":p", s("p")));
        assertValidation(() -> Expressions.keyCondition(expression, p, partitionKey, sortKey), message);
    }

    private static void refused(String expression, String message) {
        refused(expression, "a", "b", message);
    }

    @Test
    void keyCondition_shouldTakeThePartitionValue_whenOnlyThePartitionKeyIsGiven() {
        KeyCondition k = key("p = :p");
        assertThat(k.partition()).isEqualTo(s("p1"));
        assertThat(k.sort()).isNull();
        assertThat(k.matchesSort(n(99))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p = :p AND c = :c | EQ", "p = :p AND c < :c | LT", "p = :p AND c <= :c | LE", "p = :p AND c > :c | GT",
        "p = :p AND c >= :c | GE", "c >= :c AND p = :p | GE", "#p = :p AND #c > :c | GT", "((c=:c) AND (p=:p)) | EQ",
        ":p = p AND :c < c | GT", ":p = p AND :c >= c | LE", ":p = p AND :c = c | EQ"
    })
    void keyCondition_shouldReadTheSortOperator_whenTheKeyIsOnEitherSide(String expression, Op op) {
        KeyCondition k = key(expression);
        assertThat(k.partition()).isEqualTo(s("p1"));
        assertThat(k.sort()).isEqualTo(new SortCondition(op, n(3), null));
    }

    @Test
    void sortCondition_shouldMatchValuesInRange_whenEachOperatorIsApplied() {
        assertThat(key("p = :p AND c < :c").matchesSort(n(2))).isTrue();
        assertThat(key("p = :p AND c < :c").matchesSort(n(3))).isFalse();
        assertThat(key("p = :p AND c <= :c").matchesSort(n(3))).isTrue();
        assertThat(key("p = :p AND c > :c").matchesSort(n(4))).isTrue();
        assertThat(key("p = :p AND c >= :c").matchesSort(n(2))).isFalse();
        assertThat(key("p = :p AND c = :c").matchesSort(n("3.0"))).isTrue();
        KeyCondition between = key("p=:p AnD c BeTwEeN :c aNd :d");
        assertThat(between.sort()).isEqualTo(new SortCondition(Op.BETWEEN, n(3), n(7)));
        assertThat(between.matchesSort(n(3))).isTrue();
        assertThat(between.matchesSort(n(7))).isTrue();
        assertThat(between.matchesSort(n(8))).isFalse();
        KeyCondition begins = key("p = :p AND begins_with(c, :s)");
        assertThat(begins.sort()).isEqualTo(new SortCondition(Op.BEGINS_WITH, s("00"), null));
        assertThat(begins.matchesSort(s("007"))).isTrue();
        assertThat(begins.matchesSort(s("107"))).isFalse();
        assertThat(begins.matchesSort(n(0))).isFalse();
    }

    @Test
    void sortCondition_shouldCompareBinaryAsUnsigned_whenKeyIsBinary() {
        Placeholders p = new Placeholders(null, values(":p", s("p"), ":c", b(0x7f), ":x", b(1)));
        KeyCondition k = Expressions.keyCondition("p = :p AND c > :c", p, "p", "c");
        assertThat(k.matchesSort(b(0x80))).isTrue();
        KeyCondition begins = Expressions.keyCondition("p = :p AND begins_with(c, :x)", new Placeholders(null, values(":p", s("p"), ":x", b(1))), "p", "c");
        assertThat(begins.matchesSort(b(1, 2))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a > b and size(b) > c or a > c | OR",
        "a in (b, size(c), d) | IN",
        "attribute_exists(a) | attribute_exists",
        "attribute_not_exists(a) | attribute_not_exists",
        "contains(a.d, b) | contains",
        "not a > b | NOT",
        "a <> b | <>",
        "attribute_type(a, :a) | attribute_type"
    })
    void keyCondition_shouldRefuseOperatorsAQueryCannotUse_whenPresent(String expression, String operator) {
        Placeholders p = new Placeholders(null, values(":a", s("S")));
        assertValidation(() -> Expressions.keyCondition(expression, p, "a", "b"),
                "Invalid operator used in KeyConditionExpression: " + operator);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ":a between size(b) and size(a) and b > :b | BETWEEN",
        "begins_with(:a, b) and a > :b | begins_with"
    })
    void keyCondition_shouldRequireTheKeyFirst_whenBetweenOrBeginsWith(String expression, String operator) {
        refused(expression, "Invalid condition in KeyConditionExpression: " + operator
                + " operator must have the key attribute as its first operand");
    }

    @Test
    void keyCondition_shouldRefuseMalformedConditions_whenAttributesAreMisused() {
        for (String e : new String[] {"size(b) > a AND a.b > b AND b > c", "a > size(b.d)", "a between size(b) and size(a)"}) {
            refused(e, "KeyConditionExpressions cannot contain nested operations");
        }
        for (String e : new String[] {"b > a.b", "b between c[1] and d", "a between b and size(a)", "begins_with(a, b)", "p = c"}) {
            refused(e, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        }
        for (String e : new String[] {"b.d > a AND c.d > e.f", "a.d > c", "b[0] > a"}) {
            refused(e, "KeyConditionExpressions cannot have conditions on nested attributes");
        }
        for (String e : new String[] {":b > :a AND a < :b", ":a > b AND :a < :b", ":p = :a"}) {
            refused(e, "Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        for (String e : new String[] {"b > :n AND b < :n and c = :n and d = :n", "(a > :n and b > :n) and (b > :n and c > :n)", "a = :p AND a = :p"}) {
            refused(e, "KeyConditionExpressions must only contain one condition per key");
        }
        for (String e : new String[] {":a = a and b = :a and :a = c", "(a > :a and b > :a) and (c > :a and d > :a) and (e > :a and f > :a)"}) {
            refused(e, "Conditions can be of length 1 or 2 only");
        }
    }

    @Test
    void keyCondition_shouldReportConditionErrorsFirst_whenTheExpressionIsInvalidAsACondition() {
        refused("", "Invalid KeyConditionExpression: The expression can not be empty;");
        refused("a between :n and :a", "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower "
                + "and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:1}");
        refused("a = :p AND begins_with(b, :n)",
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        refused("a = :p AND dog(b, :n)", "Invalid KeyConditionExpression: Invalid function name; function: dog");
        refused("p", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"p\"");
        refused("p=:p AND c!=:p", "Invalid KeyConditionExpression: Syntax error; token: \"!\", near: \"c!=\"");
    }

    @Test
    void keyCondition_shouldCheckTheKeySchema_whenTermsAreWellFormed() {
        refused("b between :a and :b", "Query condition missed key schema element: a");
        refused("c = :a", "pk", null, "Query condition missed key schema element: pk");
        refused("a = :p AND z < :a", "Query condition missed key schema element: b");
        refused("a = :p AND b < :a", "a", null, "Query key condition not supported");
        refused("a < :p", "Query key condition not supported");
        refused("a = :p AND b > :a AND c > :a", "Conditions can be of length 1 or 2 only");
    }

    @Test
    void keyCondition_shouldRefuseValuesAKeyCannotHold_whenTypesAreChecked() {
        Placeholders p = new Placeholders(null, values(":p", s("p"), ":m", m(), ":l", l(), ":n", n(1), ":s", ss("a")));
        assertValidation(() -> Expressions.keyCondition("a = :m", p, "a", null),
                "One or more parameter values were invalid: ComparisonOperator EQ is not valid for M AttributeValue type");
        Placeholders typed = new Placeholders(null, values(":p", s("p"), ":n", n(1)));
        assertValidation(() -> Expressions.keyCondition("a = :n", typed, "a", Value.Type.S, "b", Value.Type.N),
                "One or more parameter values were invalid: Condition parameter type does not match schema type");
        Placeholders sortTyped = new Placeholders(null, values(":p", s("p"), ":x", s("x")));
        assertValidation(() -> Expressions.keyCondition("a = :p AND b = :x", sortTyped, "a", Value.Type.S, "b", Value.Type.N),
                "One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    @Test
    void keyCondition_shouldMarkPlaceholdersUsed_whenParsed() {
        Placeholders p = new Placeholders(names("#n1", "p", "#n2", "c"), values(":p", s("p"), ":c", n(3)));
        Expressions.keyCondition("#n1=:p AND #n2=:c", p, "p", "c");
        p.checkAllUsed();
        Placeholders unused = new Placeholders(names("#n1", "p", "#name2", "c"), values(":p", s("p")));
        Expressions.keyCondition("#n1=:p", unused, "p", "c");
        assertValidation(unused::checkAllUsed, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#name2}");
    }
}
