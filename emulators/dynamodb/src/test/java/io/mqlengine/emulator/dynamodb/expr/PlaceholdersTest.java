package io.mqlengine.emulator.dynamodb.expr;

import static io.mqlengine.emulator.dynamodb.expr.Items.assertValidation;
import static io.mqlengine.emulator.dynamodb.expr.Items.item;
import static io.mqlengine.emulator.dynamodb.expr.Items.n;
import static io.mqlengine.emulator.dynamodb.expr.Items.names;
import static io.mqlengine.emulator.dynamodb.expr.Items.s;
import static io.mqlengine.emulator.dynamodb.expr.Items.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    @Test
    void constructor_shouldRefuseEmptyMaps_whenGivenButEmpty() {
        assertValidation(() -> new Placeholders(Map.of(), null), "ExpressionAttributeNames must not be empty");
        assertValidation(() -> new Placeholders(null, Map.of()), "ExpressionAttributeValues must not be empty");
    }

    @Test
    void constructor_shouldRefuseKeysThatAreNotPlaceholders_whenAKeyLacksItsSigil() {
        assertValidation(() -> new Placeholders(names("a", "a"), null),
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
        assertValidation(() -> new Placeholders(names("#a-b", "a"), null),
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"");
        assertValidation(() -> new Placeholders(null, values(":b", s("a"), "b", s("a"))),
                "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"");
        assertThatCode(() -> new Placeholders(names("#_", "x", "#123", "y"), values(":_", s("a"), ":9", s("b"))))
                .doesNotThrowAnyException();
    }

    @Test
    void checkAllUsed_shouldNameEveryUnusedName_whenSomeWereNotUsed() {
        Placeholders p = new Placeholders(names("#a", "a", "#b", "b"), values(":a", s("a"), ":b", s("a")));
        Expressions.update("remove a set b = list_append(b, if_not_exists(a, :a))", p);
        Expressions.condition("a = :b", "ConditionExpression", p);
        assertValidation(p::checkAllUsed, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}");
    }

    @Test
    void checkAllUsed_shouldNameUnusedValues_whenAllNamesWereUsed() {
        Placeholders p = new Placeholders(null, values(":a", s("a"), ":b", s("a"), ":c", s("a")));
        Expressions.update("remove a", p);
        Expressions.condition("a = :b", "ConditionExpression", p);
        assertValidation(p::checkAllUsed, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :c}");
    }

    @Test
    void checkAllUsed_shouldCountUsesAcrossTheRequestsExpressions_whenEachUsesSome() {
        Placeholders p = new Placeholders(names("#name1", "a", "#name2", "b"), values(":val1", n(1), ":val2", n(2), ":val3", n(3)));
        Expressions.update("SET #name1 = :val3", p);
        Expressions.condition("#name1 = :val1 OR #name2 = :val2", "ConditionExpression", p);
        assertThatCode(p::checkAllUsed).doesNotThrowAnyException();
    }

    @Test
    void checkAllUsed_shouldCountPlaceholdersInShortCircuitedParts_whenEvaluationStopsEarly() {
        Placeholders p = new Placeholders(names("#a", "a", "#b", "b"), values(":v1", n(1), ":v2", n(2)));
        Condition c = Expressions.condition("#a = :v1 OR #b = :v2", "ConditionExpression", p);
        assertThat(c.test(item("a", n(1)))).isTrue();
        assertThatCode(p::checkAllUsed).doesNotThrowAnyException();
    }

    @Test
    void checkAllUsed_shouldPass_whenThereAreNoPlaceholders() {
        Placeholders p = Placeholders.none();
        Expressions.projection("a, b.c", p);
        assertThatCode(p::checkAllUsed).doesNotThrowAnyException();
    }

    @Test
    void checkScalarKeys_shouldRefuseNestedPathsIntoKeys_whenATableOrIndexKeyIsReachedInto() {
        Condition filter = Expressions.condition("attribute_exists(a.b.c) and #a = b", "FilterExpression",
                new Placeholders(names("#a", "a"), null));
        assertValidation(() -> Expressions.checkScalarKeys(filter.nestedPathHeads(), List.of("a"), List.of()),
                "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: a");
        Projection projection = Expressions.projection("#d[0]", new Placeholders(names("#d", "d"), null));
        assertValidation(() -> Expressions.checkScalarKeys(projection.nestedPathHeads(), List.of("a", "b"), List.of("d")),
                "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: d");
        Update update = Expressions.update("SET x = a.b", Placeholders.none());
        assertThatCode(() -> Expressions.checkScalarKeys(update.nestedPathHeads(), List.of("x"), List.of()))
                .doesNotThrowAnyException();
    }
}
