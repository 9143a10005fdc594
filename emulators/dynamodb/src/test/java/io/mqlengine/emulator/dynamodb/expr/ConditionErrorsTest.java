package io.mqlengine.emulator.dynamodb.expr;

import static io.mqlengine.emulator.dynamodb.expr.Items.assertValidation;
import static io.mqlengine.emulator.dynamodb.expr.Items.b;
import static io.mqlengine.emulator.dynamodb.expr.Items.bool;
import static io.mqlengine.emulator.dynamodb.expr.Items.bs;
import static io.mqlengine.emulator.dynamodb.expr.Items.l;
import static io.mqlengine.emulator.dynamodb.expr.Items.m;
import static io.mqlengine.emulator.dynamodb.expr.Items.n;
import static io.mqlengine.emulator.dynamodb.expr.Items.names;
import static io.mqlengine.emulator.dynamodb.expr.Items.ns;
import static io.mqlengine.emulator.dynamodb.expr.Items.nul;
import static io.mqlengine.emulator.dynamodb.expr.Items.s;
import static io.mqlengine.emulator.dynamodb.expr.Items.ss;
import static io.mqlengine.emulator.dynamodb.expr.Items.values;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DynamoDB's refusals of condition and filter expressions; most cases come from dynalite's tests against AWS. */
class ConditionErrorsTest {
    private static void refused(String expression, Map<String, String> names, Map<String, Value> values, String message) {
        assertValidation(() -> Expressions.condition(expression, "FilterExpression", new Placeholders(names, values)),
                "Invalid FilterExpression: " + message);
    }

    private static void refused(String expression, String message) {
        refused(expression, null, null, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "things are not gonna be ok", "a > 4", "attribute_exists(Pictures-RearView)",
        "attribute_exists(\"Pictures.RearView\")", "attribute_exists(Pictures..RearView)",
        "attribute_exists(Pi#ctures.RearView)", "attribute_exists(asdf[a])", "a in b, c", "a > between", "a in b",
        "a in (b,c,)", "a in ()", "(a)between(b.(c.d))and(c)", "(a)between(b.c.d)and((c)", "#$.b > a",
        "a > :things.stuff", "b[:a] > a", "b[#_] > a", "ü > a", "(a)between(b.c[4.5].#d)and(:a)", "size(a).b > a",
        "(size(a)).b > a", "size(a)[0] > a", "(size(a))[0] > a", "a", ":a", "NOT a", "a = b AND c", "(a = b OR c)",
        "a < b < c", "a[-1] = b", "_abc = a", "1a = b", "a != b", "a = b,", "f(a = b)", "(a = b) = c", "  "
    })
    void condition_shouldReportASyntaxError_whenTheGrammarRefusesIt(String expression) {
        assertThatThrownBy(() -> Expressions.condition(expression, "FilterExpression", Placeholders.none()))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("Invalid FilterExpression: Syntax error; token: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = = b | = | = = b",
        "foo | <EOF> | foo",
        "attribute_not_exists( | <EOF> | (",
        "contains (themes, :theme | <EOF> | :theme",
        "_hidden = :v | _ | _hidden",
        "attribute_type() | ) | ()",
        "p=:p AND c!=:c | ! | c!=",
        "a > 4 | 4 | > 4",
        "a = b c | c | b c"
    })
    void syntaxError_shouldNameTheTokenAndItsNeighbours_whenParsingStops(String expression, String token, String near) {
        refused(expression, null, Map.of(":v", s("x"), ":theme", s("x"), ":p", s("x"), ":c", s("x")),
                "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    @Test
    void condition_shouldRefuseAnEmptyExpression_whenTextIsEmpty() {
        assertValidation(() -> Expressions.condition("", "ConditionExpression", Placeholders.none()),
                "Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void condition_shouldRefuseExpressionsOver4KB_whenTooLong() {
        String condition = "a = :v" + " AND a = :v".repeat(373);
        assertValidation(() -> Expressions.condition(condition, "ConditionExpression", new Placeholders(null, values(":v", s("x")))),
                "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4109");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a=a and a > ((views))", "(a)between(((b.c)).d)and(c)", "a > whatever((:things), ((a)))",
        "a=a AND ((a=a AND a=a)) AND a=a", "a=a OR ((a=a OR a=a)) OR a=a", "a=a AND ((a=a AND (a=a AND a=a)))",
        "a=a OR ((a=a OR (a=a OR a=a)))", "((c=:c) AND ((p=:p)))", "((attribute_exists(a)))"
    })
    void condition_shouldRefuseRedundantParentheses_whenTwoPairsWrapTheSameThing(String expression) {
        refused(expression, "The expression has redundant parentheses;");
    }

    @Test
    void condition_shouldAcceptOnePairOfParentheses_whenAroundEachPart() {
        Placeholders p = new Placeholders(null, values(":c", n(1), ":p", n(2)));
        assertThatCode(() -> Expressions.condition("((c=:c) AND (p=:p))", "KeyConditionExpression", p)).doesNotThrowAnyException();
        assertThatCode(() -> Expressions.condition("(a) = (b) AND (attribute_exists(c))", "FilterExpression", Placeholders.none()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=a and whatever((:things)) > a | whatever",
        "attRIbute_exIsts((views), #a) | attRIbute_exIsts",
        "ATTRIBUTE_EXISTS(a) | ATTRIBUTE_EXISTS",
        "dog(a) = :arg | dog",
        "BEGINS_WITH(c, :c) | BEGINS_WITH"
    })
    void condition_shouldRefuseUnknownFunctions_whenNameIsNotAFunctionInThatCase(String expression, String function) {
        refused(expression, "Invalid function name; function: " + function);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=a and attribute_exists((views), (#a)) > b | attribute_exists",
        "attribute_not_exists(things) > b | attribute_not_exists",
        "attribute_type(things, :a) > b | attribute_type",
        "begins_with(things, a) > b | begins_with",
        "contains(:things, c) > b | contains",
        "size(contains(a, b)) > a | contains",
        "size(things) | size",
        "a = b AND size(c) | size",
        "NOT size(c) | size",
        "a between b and attribute_exists(things) | attribute_exists",
        "a in (b, attribute_exists(things)) | attribute_exists",
        "if_not_exists(a, a) = b | if_not_exists",
        "list_append(a, a) = b | list_append",
        "attribute_exists(a) < b | attribute_exists"
    })
    void condition_shouldRefuseFunctionsOutOfPlace_whenUsedAsOperandOrCondition(String expression, String function) {
        refused(expression, "The function is not allowed to be used this way in an expression; function: " + function);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"attribute_exists(views, #a) | views", ":a < abOrT | abOrT", "a.#n.Status = b | Status"})
    void condition_shouldRefuseReservedWords_whenUsedAsBareNames(String expression, String word) {
        refused(expression, "Attribute name is a reserved keyword; reserved keyword: " + word);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "attribute_exists(#Pictures.RearView, :a) and a=a | #Pictures",
        "begins_with(Pictures.#RearView) | #RearView",
        "(#P between :lo and :hi) and (#PC in (:cat1, :cat2)) | #P",
        "#4g > a | #4g",
        "#_ > a | #_",
        "(a)between(b.c[45].#d)and(:a) | #d"
    })
    void condition_shouldRefuseUndefinedNames_whenNoPlaceholderMatches(String expression, String name) {
        refused(expression, "An expression attribute name used in the document path is not defined; attribute name: " + name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"begins_with(:hello, #a, #b) | :hello", ":a < :b | :a", ":_ > a | :_"})
    void condition_shouldRefuseUndefinedValues_whenNoPlaceholderMatches(String expression, String value) {
        refused(expression, "An expression attribute value used in expression is not defined; attribute value: " + value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "attribute_exists(things, a) and a=a | attribute_exists | 2",
        "attribute_not_exists(things, b) | attribute_not_exists | 2",
        "attribute_type(things) | attribute_type | 1",
        "begins_with(things) | begins_with | 1",
        "begins_with(things, size(a), b) | begins_with | 3",
        "contains(things) | contains | 1",
        "size(things, a) > b | size | 2"
    })
    void condition_shouldRefuseWrongOperandCounts_whenFunctionGetsTooManyOrTooFew(String expression, String function, int count) {
        refused(expression, "Incorrect number of operands for operator or function; operator or function: " + function
                + ", number of operands: " + count);
    }

    @Test
    void condition_shouldRefuseWrongOperandTypes_whenAValueCannotSuitTheFunction() {
        Value[] notStrings = {n(1), b("a"), bool(true), nul(), l(), m(), ss("1"), ns("1"), bs("a")};
        for (Value v : notStrings) {
            refused("attribute_type(a, :a)", null, Map.of(":a", v),
                    "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: " + v.type());
        }
        for (Value v : new Value[] {n(1), bool(true), nul(), l(), m(), ss("1"), ns("1"), bs("a")}) {
            refused("begins_with(a, :a)", null, Map.of(":a", v),
                    "Incorrect operand type for operator or function; operator or function: begins_with, operand type: " + v.type());
            refused("begins_with(:a, a)", null, Map.of(":a", v),
                    "Incorrect operand type for operator or function; operator or function: begins_with, operand type: " + v.type());
        }
        refused("attribute_type(a, size(a)) and a=a and a=:a", null, Map.of(":a", n(1)),
                "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N");
        refused("begins_with(a, size(a)) and a=:a", null, Map.of(":a", n(1)),
                "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        refused("size(size(a)) > :a", null, Map.of(":a", n(1)),
                "Incorrect operand type for operator or function; operator or function: size, operand type: N");
        refused("attribute_not_exists(size(:a))", null, Map.of(":a", n(1)),
                "Incorrect operand type for operator or function; operator or function: size, operand type: N");
        refused("size(:a) > a", null, Map.of(":a", bool(true)),
                "Incorrect operand type for operator or function; operator or function: size, operand type: BOOL");
        refused("size(:a) > a", null, Map.of(":a", nul()),
                "Incorrect operand type for operator or function; operator or function: size, operand type: NULL");
        refused("attribute_type(a, b)",
                "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
    }

    @Test
    void condition_shouldRefuseUnorderedConstants_whenOrderingOrBetween() {
        refused("a < :l", null, Map.of(":l", l(n(1))),
                "Incorrect operand type for operator or function; operator or function: <, operand type: L");
        refused(":m >= a", null, Map.of(":m", m()),
                "Incorrect operand type for operator or function; operator or function: >=, operand type: M");
        refused("a BETWEEN :lo AND :hi", null, Map.of(":lo", l(n(1)), ":hi", l(n(2))),
                "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L");
        assertThatCode(() -> Expressions.condition("a = :l AND a <> :l AND x < y", "FilterExpression",
                new Placeholders(null, values(":l", l(n(1)))))).doesNotThrowAnyException();
    }

    @Test
    void condition_shouldRefuseAnUnknownTypeName_whenAttributeTypeGetsOne() {
        refused("attribute_type(a, :a)", null, Map.of(":a", s("1")),
                "Invalid attribute type name found; type: 1, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        refused("attribute_type(a, :a)", null, Map.of(":a", s("STRING")),
                "Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"attribute_exists(:a) and a=a | attribute_exists", "attribute_not_exists(size(:a)) | attribute_not_exists"})
    void condition_shouldRequireADocumentPath_whenFunctionTestsExistence(String expression, String function) {
        refused(expression, null, Map.of(":a", s("1")),
                "Operator or function requires a document path; operator or function: " + function);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = a AND #a = b AND :views > a | = | [a]",
        "#a <> a | <> | [a]",
        "a > #a | > | [a]",
        "((a=a) OR (a=a)) | = | [a]",
        "((a=a) AND (a=a)) | = | [a]",
        "contains(ab.bc[1].a, ab.bc[1].#a) | contains | [ab, bc, [1], a]",
        "attribute_type(ab.bc[1].#a, ab.bc[1].a) | attribute_type | [ab, bc, [1], a]",
        "begins_with(ab.bc[1].a, ab.bc[1].#a) | begins_with | [ab, bc, [1], a]",
        "a IN (b, #a) | IN | [a]"
    })
    void condition_shouldRefuseAnOperandComparedWithItself_whenBothArePaths(String expression, String op, String path) {
        refused(expression, names("#a", "a"), Map.of(":views", n(1)),
                "The first operand must be distinct from the remaining operands for this operator or function; operator: "
                        + op + ", first operand: " + path);
    }

    @Test
    void between_shouldRefuseBoundsOfDifferentTypesOrReversed_whenBothAreValues() {
        refused("a between :b and :a", null, values(":a", s("a"), ":b", n(1)),
                "The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}");
        refused("a between :b and :a", null, values(":a", s("a"), ":b", s("b")),
                "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                        + "lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}");
        assertThatCode(() -> Expressions.condition("a between two and :b", "FilterExpression",
                new Placeholders(null, values(":b", s("a"))))).doesNotThrowAnyException();
    }

    @Test
    void in_shouldRefuseMoreThanOneHundredCandidates_whenListIsTooLong() {
        Map<String, Value> vals = IntStream.range(0, 101).boxed().collect(Collectors.toMap(i -> ":v" + i, i -> n(i)));
        String list = IntStream.range(0, 101).mapToObj(i -> ":v" + i).collect(Collectors.joining(", "));
        refused("a IN (" + list + ")", null, vals, "The IN operator is provided with too many operands; number of operands: 101");
    }

    @Test
    void errors_shouldFollowDynamoDbsPrecedence_whenAnExpressionHasSeveralProblems() {
        // A function name beats a reserved word and an undefined placeholder.
        refused("views = #x AND whatever(a)", "Invalid function name; function: whatever");
        // Misuse beats a reserved word.
        refused("views = a AND size(b)", "The function is not allowed to be used this way in an expression; function: size");
        // A reserved word beats undefined placeholders and type errors.
        refused("#x = :y AND begins_with(a, :n) AND views = a", null, Map.of(":n", n(1)),
                "Attribute name is a reserved keyword; reserved keyword: views");
        // Redundant parentheses beat everything but syntax.
        refused("whatever(a) AND ((b = c))", "The expression has redundant parentheses;");
        // Within the first faulty comparison, an undefined placeholder beats an operand count...
        refused("begins_with(#x, a, b)", "An expression attribute name used in the document path is not defined; attribute name: #x");
        // ...but the first faulty comparison decides, even when a later one has a weightier problem.
        refused("begins_with(a, b, c) AND #x = b",
                "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 3");
    }
}
