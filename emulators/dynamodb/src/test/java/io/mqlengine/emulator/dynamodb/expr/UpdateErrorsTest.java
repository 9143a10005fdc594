package io.mqlengine.emulator.dynamodb.expr;

import static io.mqlengine.emulator.dynamodb.expr.Items.assertValidation;
import static io.mqlengine.emulator.dynamodb.expr.Items.b;
import static io.mqlengine.emulator.dynamodb.expr.Items.bool;
import static io.mqlengine.emulator.dynamodb.expr.Items.bs;
import static io.mqlengine.emulator.dynamodb.expr.Items.item;
import static io.mqlengine.emulator.dynamodb.expr.Items.l;
import static io.mqlengine.emulator.dynamodb.expr.Items.m;
import static io.mqlengine.emulator.dynamodb.expr.Items.n;
import static io.mqlengine.emulator.dynamodb.expr.Items.names;
import static io.mqlengine.emulator.dynamodb.expr.Items.ns;
import static io.mqlengine.emulator.dynamodb.expr.Items.nul;
import static io.mqlengine.emulator.dynamodb.expr.Items.s;
import static io.mqlengine.emulator.dynamodb.expr.Items.ss;
import static io.mqlengine.emulator.dynamodb.expr.Items.values;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DynamoDB's refusals of update expressions, when parsed and when applied; many cases come from dynalite's tests. */
class UpdateErrorsTest {
    private static final Map<String, Value> ALL_TYPES = values(
            ":a", s("a"), ":b", n(1), ":c", b("a"), ":d", bool(false), ":e", nul(),
            ":f", ss("a"), ":g", ns("1"), ":h", bs("a"), ":i", m(), ":j", l());

    private static void refused(String expression, Map<String, String> names, Map<String, Value> values, String message) {
        assertValidation(() -> Expressions.update(expression, new Placeholders(names, values)),
                "Invalid UpdateExpression: " + message);
    }

    private static void refusedOnApply(Map<String, Value> item, String expression, Map<String, String> names,
            Map<String, Value> values, String message) {
        Update u = Expressions.update(expression, new Placeholders(names, values));
        assertValidation(() -> u.apply(item), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "whatever", "set a", "add a", "delete a", "set a=set", "remove a = b", "add a = b", "delete a = b", "delete a b",
        "delete a if_not_exist(b)", "add abort b", "add a if_not_exist(b)", "remove a b", "set a b", "set :a = b",
        "add :a b", "delete :a b", "remove :a", "set a = b / c", "set a = b * c", "set a[1] = \"eight\"", "set a[1] = 1",
        "SET a = if_not_exist(a, 100)", "SET if_not_exist(a, b) = a", "set (a = (b + c))", "set a = (b.c).d + e",
        "set a = (b.c)[0] + e", "set a = b + c + d", "SET _123 = :v", "SET 123a = :v", "SET hi-there = :v",
        "SET hi$there = :v", "SET !hithere = :v", "SET # = :v", "SET a = :", "SET a[:x] = :v", "SET a[#x] = :v",
        "SET c = if_not_exists(c, :a+:b)", "SET a = _f(b,c,d)", "HELLO b = :v", "SET a = (b + c) + d",
        "SET a = b + (c + d)", "SET a = :v,", "SET a = :v REMOVE", "set a = list_append()"
    })
    void update_shouldReportASyntaxError_whenTheGrammarRefusesIt(String expression) {
        assertThatThrownBy(() -> Expressions.update(expression, Placeholders.none()))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("Invalid UpdateExpression: Syntax error; token: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SET _123 = :v | _ | SET _123",
        "SET a = :v, | <EOF> | ,",
        "SET | <EOF> | SET",
        "set a = b + c + d | + | c + d"
    })
    void syntaxError_shouldNameTheTokenAndItsNeighbours_whenParsingStops(String expression, String token, String near) {
        refused(expression, null, null, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }

    @Test
    void update_shouldRefuseEmptyAndOversizedExpressions_whenTextIsEmptyOrOver4KB() {
        assertValidation(() -> Expressions.update("", Placeholders.none()), "Invalid UpdateExpression: The expression can not be empty;");
        String name = "a".repeat(4088);
        Placeholders p = new Placeholders(null, values(":v", s("x")));
        assertValidation(() -> Expressions.update("SET " + name + " = :v", p),
                "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
        Expressions.update("SET " + name.substring(1) + " = :v", p);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {" set #c = :c set abOrt = true  | abOrt", " remove Absolute  | Absolute", "SET status = :a | status"})
    void update_shouldRefuseReservedWords_whenUsedAsBareNames(String expression, String word) {
        refused(expression, names("#a", "a"), values(":a", s("a")), "Attribute name is a reserved keyword; reserved keyword: " + word);
    }

    @Test
    void update_shouldRefuseUnknownAndMisplacedFunctions_whenNotAllowedInSet() {
        refused("set #c = if_not_exist(:c) set c = d", names("#a", "a"), null, "Invalid function name; function: if_not_exist");
        refused("SET a = LIST_APPEND(:v, :v)", null, values(":v", l()), "Invalid function name; function: LIST_APPEND");
        refused("SET a = f(b,c,d)", null, null, "Invalid function name; function: f");
        refused("SET a = size(b)", null, null, "The function is not allowed to be used this way in an expression; function: size");
        refused("SET a = list_append(list_append(:v, :v), :v)", null, values(":v", l()),
                "The function is not allowed to be used this way in an expression; function: list_append");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "set a = #c set c = :d | SET",
        "remove #d set a = b remove e | REMOVE",
        "add #d :e set a = b add e :f | ADD",
        "delete #d :e set a = b delete #e :f | DELETE",
        "SET a = :a REMOVE b SET c = :a | SET"
    })
    void update_shouldRefuseAClauseUsedTwice_whenRepeated(String expression, String clause) {
        refused(expression, names("#a", "a"), values(":a", s("a")),
                "The \"" + clause + "\" section can only be used once in an update expression;");
    }

    @Test
    void update_shouldRefuseUndefinedPlaceholders_whenNamesComeBeforeValues() {
        Map<String, String> names = names("#a", "a", "#b", "b");
        Map<String, Value> values = values(":a", s("a"), ":b", s("a"));
        refused("SET #c = if_not_exists(:c)", names, values,
                "An expression attribute name used in the document path is not defined; attribute name: #c");
        refused("SET #a = if_not_exists(:c)", names, values,
                "An expression attribute value used in expression is not defined; attribute value: :c");
        refused("SET a = :absent", null, values(":alt", n(1)),
                "An expression attribute value used in expression is not defined; attribute value: :absent");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a) | [c, [1], a] | [c]",
        "set #c[3].#d = a, #c[3] = a | [c, [3], [3]] | [c, [3]]",
        "SET a = :v REMOVE a | [a] | [a]",
        "SET #a1 = :v, #a2 = :v | [a] | [a]",
        "SET a.b.c = :v, a.b = :v | [a, b, c] | [a, b]",
        "SET a[1][1][1][1] = :v, a[1][1] = :v | [a, [1], [1], [1], [1]] | [a, [1], [1]]"
    })
    void update_shouldRefuseOverlappingPaths_whenOneContainsTheOther(String expression, String one, String two) {
        refused(expression, names("#c", "c", "#d", "[3]", "#a1", "a", "#a2", "a"), values(":v", n(1)),
                "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                        + one + ", path two: " + two);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "set #c[3].#d = a, #c.#d[3] = if_not_exists(a) | [c, [3], [3]] | [c, [3], [3]]",
        "remove a.#c set a[1] = #d | [a, c] | [a, [1]]",
        "SET a.b.c = :v, a.b[2] = :v | [a, b, c] | [a, b, [2]]"
    })
    void update_shouldRefuseConflictingPaths_whenOneStepsIntoAMapAndTheOtherIntoAList(String expression, String one, String two) {
        refused(expression, names("#b", "b", "#c", "c", "#d", "[3]"), values(":v", n(1)),
                "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
                        + one + ", path two: " + two);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "S | ADD | STRING", "S | DELETE | STRING", "NULL | ADD | NULL", "NULL | DELETE | NULL", "BOOL | ADD | BOOLEAN",
        "BOOL | DELETE | BOOLEAN", "B | ADD | BINARY", "B | DELETE | BINARY", "M | ADD | MAP", "M | DELETE | MAP",
        "L | ADD | LIST", "L | DELETE | LIST", "N | DELETE | NUMBER"
    })
    void update_shouldRefuseOperandsAddAndDeleteCannotTake_whenValueIsNotANumberOrSet(String type, String clause, String name) {
        Value v = switch (type) {
            case "S" -> s("a");
            case "NULL" -> nul();
            case "BOOL" -> bool(false);
            case "B" -> b("a");
            case "M" -> m("a", l(n(1)));
            case "L" -> l(n(1));
            default -> n(1);
        };
        refused(clause.toLowerCase() + " a.b :a", null, values(":a", v),
                "Incorrect operand type for operator or function; operator: " + clause + ", operand type: " + name
                        + ", typeSet: ALLOWED_FOR_" + clause + "_OPERAND");
    }

    @Test
    void update_shouldReportTheAddOperandFirst_whenFunctionsAreAlsoWrong() {
        refused("set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", null, values(":a", s("a"), ":b", s("a")),
                "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"set a = if_not_exists(c) | if_not_exists | 1", "set a = list_append(c) | list_append | 1",
        "set a = list_append(b, c, d) | list_append | 3"})
    void update_shouldRefuseWrongOperandCounts_whenFunctionGetsTooManyOrTooFew(String expression, String function, int count) {
        refused(expression, null, null, "Incorrect number of operands for operator or function; operator or function: "
                + function + ", number of operands: " + count);
    }

    @ParameterizedTest
    @ValueSource(strings = {"set a = if_not_exists(:a, c)", "set a = if_not_exists(if_not_exists(a, b), c)"})
    void ifNotExists_shouldRequireADocumentPath_whenFirstOperandIsNotOne(String expression) {
        refused(expression, null, values(":a", s("a")),
                "Operator or function requires a document path; operator or function: if_not_exists");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "set a = list_append(:a, a) | list_append | S", "set a = list_append(a, :b) | list_append | N",
        "set a = list_append(:c, a) | list_append | B", "set a = list_append(:d, a) | list_append | BOOL",
        "set a = list_append(:e, a) | list_append | NULL", "set a = list_append(:f, a) | list_append | SS",
        "set a = list_append(:g, a) | list_append | NS", "set a = list_append(:h, a) | list_append | BS",
        "set a = list_append(:i, a) | list_append | M", "set a = a + :a | + | S", "set a = :a + :c | + | S",
        "set a = :c + a | + | B", "set a = a + :d | + | BOOL", "set a = a + :e | + | NULL", "set a = a + :f | + | SS",
        "set a = a + :g | + | NS", "set a = a + :h | + | BS", "set a = a + :i | + | M", "set a = a + :j | + | L",
        "set a = a - :a | - | S", "set a = :c - a | - | B", "set a = a - :j | - | L"
    })
    void update_shouldRefuseValuesOfTheWrongType_whenFunctionOrArithmeticCannotTakeThem(String expression, String op, String type) {
        refused(expression, null, ALL_TYPES,
                "Incorrect operand type for operator or function; operator or function: " + op + ", operand type: " + type);
    }

    @Test
    void apply_shouldRefuseOperandsOfTheWrongType_whenTheItemHoldsOtherTypes() {
        Map<String, Value> item = item("a", s("k"), "b", m("a", ss("1")), "c", n(1), "d", ns("1"));
        String message = "An operand in the update expression has an incorrect data type";
        refusedOnApply(item, "delete d :a", null, values(":a", ss("1")), message);
        refusedOnApply(item, "delete b :a", null, values(":a", ns("1")), message);
        refusedOnApply(item, "delete b.a :a", null, values(":a", ns("1")), message);
        refusedOnApply(item, "delete b.a :a", null, values(":a", bs("a")), message);
        refusedOnApply(item, "delete c :a", null, values(":a", ns("1")), message);
        refusedOnApply(item, "add b :a", null, values(":a", ns("1")), message);
        refusedOnApply(item, "add d :a", null, values(":a", n(1)), message);
        refusedOnApply(item, "add a :a", null, values(":a", n(1)), message);
        refusedOnApply(item, "set e = a + :a", null, values(":a", n(1)), message);
        refusedOnApply(item, "set e = b - :a", null, values(":a", n(1)), message);
        refusedOnApply(item, "set e = list_append(d, if_not_exists(f, :a))", null, values(":a", l()), message);
        refusedOnApply(item, "set e = list_append(:a, c)", null, values(":a", l()), message);
    }

    @Test
    void apply_shouldRefuseMissingOperands_whenAPathReadsNothing() {
        String message = "The provided expression refers to an attribute that does not exist in the item";
        Map<String, Value> key = item("a", s("k"));
        refusedOnApply(key, "set c = b", null, null, message);
        refusedOnApply(key, "set e = list_append(b, c)", null, null, message);
        refusedOnApply(key, "SET x = :v, y = x", null, values(":v", n(4)), message);
        refusedOnApply(key, "SET z = z", null, null, message);
        refusedOnApply(key, "SET n = a.b", null, null, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "set b.a = :a, #1 = :a", "set b[1] = :a, #1 = :a", "set y.a = :a, #1 = :a", "set y[1] = :a, #1 = :a",
        "set c[1] = :a, #1 = :a", "set d.#1 = :a", "remove b.a set #1 = :a", "remove b[1] set #1 = :a",
        "remove y.a set #1 = :a", "remove y[1] set #1 = :a", "remove c[1] set #1 = :a", "remove d.#1 set #1 = :a",
        "delete b.a :a set #1 = :a", "delete b[1] :a set #1 = :a", "delete y.a :a set #1 = :a", "delete y[1] :a set #1 = :a",
        "delete c[1] :a set #1 = :a", "delete d.#1 :a", "add b.a :a set #1 = :a", "add b[1] :a set #1 = :a",
        "add y.a :a set #1 = :a", "add y[1] :a set #1 = :a", "add c[1] :a set #1 = :a", "add d.#1 :a",
        "set d[5].x = :a", "set c.#1.x = :a"
    })
    void apply_shouldRefuseInvalidDocumentPaths_whenAParentIsMissingOrOfTheWrongType(String expression) {
        Map<String, Value> item = item("a", s("k"), "b", s("k"), "c", m("1", s("a")), "d", l(s("a"), s("b")));
        refusedOnApply(item, expression, names("#1", "1"), values(":a", ss("a")),
                "The document path provided in the update expression is invalid for update");
    }

    @Test
    void apply_shouldRefuseNestedWrites_whenTheItemDoesNotExist() {
        Map<String, Value> key = item("a", s("k"));
        String message = "The document path provided in the update expression is invalid for update";
        refusedOnApply(key, "set b.a = a", null, null, message);
        refusedOnApply(key, "set b[1] = a", null, null, message);
        Update remove = Expressions.update("REMOVE x.y", Placeholders.none());
        assertValidation(() -> remove.apply(key, true), message);
    }

    @Test
    void apply_shouldRefuseNumbersOutOfRange_whenArithmeticOverflows() {
        Map<String, Value> big = values(":big", n("9.9999999999999999999999999999999999999E+125"));
        refusedOnApply(Map.of(), "SET a = :big + :big", null, big,
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        refusedOnApply(item("a", n("9.9999999999999999999999999999999999999E+125")), "ADD a :big", null, big,
                "Number overflow. Attempting to store a number with magnitude larger than supported range");
        refusedOnApply(Map.of(), "SET a = :x - :y", null, values(":x", n("1E-130"), ":y", n("1.1E-130")),
                "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }
}
