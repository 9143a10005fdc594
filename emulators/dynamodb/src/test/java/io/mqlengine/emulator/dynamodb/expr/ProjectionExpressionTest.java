package io.mqlengine.emulator.dynamodb.expr;

import static io.mqlengine.emulator.dynamodb.expr.Items.assertValidation;
import static io.mqlengine.emulator.dynamodb.expr.Items.item;
import static io.mqlengine.emulator.dynamodb.expr.Items.l;
import static io.mqlengine.emulator.dynamodb.expr.Items.m;
import static io.mqlengine.emulator.dynamodb.expr.Items.n;
import static io.mqlengine.emulator.dynamodb.expr.Items.names;
import static io.mqlengine.emulator.dynamodb.expr.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Value;
import io.mqlengine.emulator.dynamodb.value.ValueJson;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectionExpressionTest {
    private static final Map<String, Value> ITEM = item(
            "p", s("key"),
            "a", m("b", l(n(2), n(4), m("x", s("hi"), "y", s("yo"))), "c", n(5)),
            "b", s("hello"),
            "c", l(s("a"), s("b"), s("c")),
            "a.b", s("dotted"));

    private static Map<String, Value> project(String expression, String... namePairs) {
        Placeholders p = new Placeholders(namePairs.length == 0 ? null : names(namePairs), null);
        Projection projection = Expressions.projection(expression, p);
        p.checkAllUsed();
        return projection.apply(ITEM);
    }

    private static void refused(String expression, Map<String, String> names, String message) {
        assertValidation(() -> Expressions.projection(expression, new Placeholders(names, null)),
                "Invalid ProjectionExpression: " + message);
    }

    @Test
    void projection_shouldKeepOnlyTheNamedTopLevelAttributes_whenPathsAreTopLevel() {
        assertThat(project("b")).isEqualTo(item("b", s("hello")));
        assertThat(project(" b  ,   p  ")).isEqualTo(item("b", s("hello"), "p", s("key")));
        assertThat(project("#n", "#n", "b")).isEqualTo(item("b", s("hello")));
        assertThat(project("nonexistent")).isEmpty();
    }

    @Test
    void projection_shouldNestValuesAsInTheItem_whenPathsReachIntoMapsAndLists() {
        assertThat(project("a.b")).isEqualTo(item("a", m("b", l(n(2), n(4), m("x", s("hi"), "y", s("yo"))))));
        assertThat(project("a.b[0]")).isEqualTo(item("a", m("b", l(n(2)))));
        assertThat(project("a.b[2].y")).isEqualTo(item("a", m("b", l(m("y", s("yo"))))));
        assertThat(project("a.b[0],a.b[1]")).isEqualTo(item("a", m("b", l(n(2), n(4)))));
        assertThat(project("a.b[0],a.c")).isEqualTo(item("a", m("b", l(n(2)), "c", n(5))));
        assertThat(project("a.c,b")).isEqualTo(item("a", m("c", n(5)), "b", s("hello")));
    }

    @Test
    void projection_shouldPutListElementsInIndexOrder_whenPathsNameThemOutOfOrder() {
        assertThat(project("c[2], c[0]")).isEqualTo(item("c", l(s("a"), s("c"))));
        // From dynalite's "should only return requested nested attributes", written against DynamoDB.
        Map<String, Value> item = item("a", s("k"), "b", m("a", s("a"), "b", s("b"), "c", s("c")),
                "c", l(s("a"), s("b"), s("c")));
        Projection p = Expressions.projection("b.c,c[2],b.b,c[1],c[0].a", Placeholders.none());
        assertThat(p.apply(item)).isEqualTo(item("b", m("b", s("b"), "c", s("c")), "c", l(s("b"), s("c"))));
    }

    @Test
    void projection_shouldLeaveOutPathsThatReachNothing_whenTypesOrIndexesDoNotFit() {
        assertThat(project("x")).isEmpty();
        assertThat(project("a.b[3]")).isEmpty();
        assertThat(project("a.x")).isEmpty();
        assertThat(project("a.x.y")).isEmpty();
        assertThat(project("a.b.x")).isEmpty();
        assertThat(project("a[0]")).isEmpty();
        assertThat(project("a.b[0].x")).isEmpty();
        assertThat(project("a.b[0][0]")).isEmpty();
        assertThat(project("a.x, a.b[0], x, a.b[3].x")).isEqualTo(item("a", m("b", l(n(2)))));
    }

    @Test
    void projection_shouldTreatAPlaceholderAsOneName_whenTheNameHasADot() {
        assertThat(project("a.b")).containsOnlyKeys("a");
        assertThat(project("#name", "#name", "a.b")).isEqualTo(item("a.b", s("dotted")));
        assertThat(project("#n1.#n2", "#n1", "a", "#n2", "c")).isEqualTo(item("a", m("c", n(5))));
    }

    @Test
    void projection_shouldShapeJsonAsDynamoDbReturnsIt_whenANestedPathIsProjected() {
        Map<String, Value> out = project("a.c, c[1]");
        assertThat(ValueJson.json(out).toString()).isEqualTo("{\"a\":{\"M\":{\"c\":{\"N\":\"5\"}}},\"c\":{\"L\":[{\"S\":\"b\"}]}}");
    }

    @Test
    void paths_shouldListThePathsInTheOrderWritten_whenCompiled() {
        Projection p = Expressions.projection("b, a.b[1], #x", new Placeholders(names("#x", "c"), null));
        assertThat(p.paths()).extracting(Path::toString).containsExactly("b", "a.b[1]", "c");
        assertThat(p.nestedPathHeads()).containsExactly("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whatever(stuff)", ":a", "abort,", "a,,b", ",a", "a,", "a..b", "a[b]", "(a.b).c", "(a)",
        "(a),(b)", "(a,b)", "a-b", "l[a]", "a[-1]", "a b"})
    void projection_shouldReportASyntaxError_whenTheGrammarRefusesIt(String expression) {
        assertThatThrownBy(() -> Expressions.projection(expression, Placeholders.none()))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("Invalid ProjectionExpression: Syntax error; token: ");
    }

    @Test
    void syntaxError_shouldNameTheTokenAndItsNeighbours_whenAnIndexIsNotANumber() {
        refused("l[a]", null, "Syntax error; token: \"a\", near: \"[a]\"");
        refused("a, b,", null, "Syntax error; token: \"<EOF>\", near: \",\"");
    }

    @Test
    void projection_shouldRefusePathsDeeperThan32Levels_whenTooDeep() {
        assertThatCode(() -> Expressions.projection("a" + ".b".repeat(31), Placeholders.none())).doesNotThrowAnyException();
        refused("a" + ".b".repeat(32), null, "The document path has too many nesting levels; nesting levels: 33");
        refused("a" + "[0]".repeat(40), null, "The document path has too many nesting levels; nesting levels: 41");
    }

    @Test
    void projection_shouldRefuseAnEmptyExpression_whenTextIsEmpty() {
        refused("", null, "The expression can not be empty;");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.abORt", "#a,ABSoLUTE"})
    void projection_shouldRefuseReservedWords_whenUsedAsBareNames(String expression) {
        assertThatThrownBy(() -> Expressions.projection(expression, new Placeholders(names("#a", "a"), null)))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: ");
    }

    @Test
    void projection_shouldRefuseUndefinedNames_whenNoPlaceholderMatches() {
        refused("a,b,a,#a", null, "An expression attribute name used in the document path is not defined; attribute name: #a");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "b[1], b.a, #a.b, a | [a, b] | [a]",
        "a, #a[1] | [a] | [a, [1]]",
        "a,a | [a] | [a]",
        "a.b[0],a.b[0] | [a, b, [0]] | [a, b, [0]]",
        "a.b.d.e, a.b | [a, b, d, e] | [a, b]"
    })
    void projection_shouldRefuseOverlappingPaths_whenOneContainsTheOther(String expression, String one, String two) {
        refused(expression, names("#a", "a"), "Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; path one: " + one + ", path two: " + two);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a.b, #a[1], #b | [a, b] | [a, [1]]",
        "a.b[1], #a[1], #b | [a, b, [1]] | [a, [1]]",
        "a[3].b, #a.#b.b | [a, [3], b] | [a, [3], b]"
    })
    void projection_shouldRefuseConflictingPaths_whenOneStepsIntoAMapAndTheOtherIntoAList(String expression, String one, String two) {
        refused(expression, names("#a", "a", "#b", "[3]"), "Two document paths conflict with each other; "
                + "must remove or rewrite one of these paths; path one: " + one + ", path two: " + two);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a, b", "a.b, a.c", "a.b.d, a.b.e", "a[1], a[2]", "a.b, a.c[2]"})
    void projection_shouldAcceptPathsThatOnlyShareAPrefix_whenNeitherContainsTheOther(String expression) {
        assertThatCode(() -> Expressions.projection(expression, Placeholders.none())).doesNotThrowAnyException();
    }
}
