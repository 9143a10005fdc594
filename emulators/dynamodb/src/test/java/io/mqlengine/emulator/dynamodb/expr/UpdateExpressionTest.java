package io.mqlengine.emulator.dynamodb.expr;

import static io.mqlengine.emulator.dynamodb.expr.Items.item;
import static io.mqlengine.emulator.dynamodb.expr.Items.l;
import static io.mqlengine.emulator.dynamodb.expr.Items.m;
import static io.mqlengine.emulator.dynamodb.expr.Items.n;
import static io.mqlengine.emulator.dynamodb.expr.Items.names;
import static io.mqlengine.emulator.dynamodb.expr.Items.ns;
import static io.mqlengine.emulator.dynamodb.expr.Items.s;
import static io.mqlengine.emulator.dynamodb.expr.Items.ss;
import static io.mqlengine.emulator.dynamodb.expr.Items.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateExpressionTest {
    private static final Map<String, Value> ITEM = Map.copyOf(item(
            "pk", s("p"),
            "tally", n(1),
            "label", s("x"),
            "letters", l(n(1), n(2), n(3)),
            "info", m("a", n(1)),
            "tags", ss("a", "b")));

    private static Map<String, Value> update(Map<String, Value> item, String expression, Map<String, String> names,
            Object... valuePairs) {
        Placeholders p = new Placeholders(names, valuePairs.length == 0 ? null : values(valuePairs));
        Update u = Expressions.update(expression, p);
        p.checkAllUsed();
        return u.apply(item);
    }

    private static Map<String, Value> update(String expression, Object... valuePairs) {
        return update(ITEM, expression, null, valuePairs);
    }

    @Test
    void set_shouldWriteTopLevelAndNestedAttributes_whenPathsExist() {
        Map<String, Value> out = update(ITEM, "SET a = :a, info.b = :b, #l[0] = :z", names("#l", "letters"),
                ":a", s("A"), ":b", n(2), ":z", n(0));
        assertThat(out).containsEntry("a", s("A"))
                .containsEntry("info", m("a", n(1), "b", n(2)))
                .containsEntry("letters", l(n(0), n(2), n(3)))
                .containsEntry("label", s("x"));
    }

    @Test
    void set_shouldKeepTheInputUnchanged_whenApplied() {
        update("SET label = :v, info.a = :v REMOVE letters[0]", ":v", s("new"));
        assertThat(ITEM).containsEntry("label", s("x")).containsEntry("info", m("a", n(1)))
                .containsEntry("letters", l(n(1), n(2), n(3)));
    }

    @Test
    void set_shouldReadEveryOperandFromTheOldItem_whenAnotherActionWritesIt() {
        assertThat(update("SET a = tally, tally = :ten", ":ten", n(10))).containsEntry("a", n(1)).containsEntry("tally", n(10));
        assertThat(update("REMOVE label SET b = label")).containsEntry("b", s("x")).doesNotContainKey("label");
        assertThat(update("SET c = label REMOVE label")).containsEntry("c", s("x")).doesNotContainKey("label");
    }

    @Test
    void set_shouldAppendInIndexOrder_whenIndexesLiePastTheEnd() {
        assertThat(update("SET letters[10] = :v", ":v", n(4))).containsEntry("letters", l(n(1), n(2), n(3), n(4)));
        Map<String, Value> out = update("SET letters[84] = :a1, letters[37] = :a2, letters[17] = :a3, letters[50] = :a4",
                ":a1", s("a1"), ":a2", s("a2"), ":a3", s("a3"), ":a4", s("a4"));
        assertThat(out).containsEntry("letters", l(n(1), n(2), n(3), s("a3"), s("a2"), s("a4"), s("a1")));
    }

    @Test
    void listIndexes_shouldMeanOriginalPositions_whenRemoveAndSetTouchTheSameList() {
        Map<String, Value> item = item("a", l(n(2), n(3), n(4), n(5), n(6), n(7)));
        assertThat(update(item, "REMOVE a[1] SET a[3] = :v", null, ":v", n(17))).containsEntry("a", l(n(2), n(4), n(17), n(6), n(7)));
        assertThat(update(item, "SET a[3] = :v REMOVE a[1]", null, ":v", n(17))).containsEntry("a", l(n(2), n(4), n(17), n(6), n(7)));
        assertThat(update(item, "REMOVE a[0], a[2], a[4]", null)).containsEntry("a", l(n(3), n(5), n(7)));
    }

    @Test
    void set_shouldAddAndSubtractExactly_whenOperandsAreNumbers() {
        Map<String, Value> item = item("f", n("0.1"), "tally", n(1));
        Map<String, Value> out = update(item, "SET f = f + :f, tally = tally - :one, neg = :one - tally", null,
                ":f", n("0.2"), ":one", n(1));
        assertThat(out).containsEntry("f", n("0.3")).containsEntry("tally", n(0)).containsEntry("neg", n(0));
        assertThat(update("SET b = :x + :y", ":x", n(4), ":y", n(3))).containsEntry("b", n(7));
        assertThat(update("SET b = (tally + :y)", ":y", n(3))).containsEntry("b", n(4));
        assertThat(update("set b = ((tally) + (:y))", ":y", n(3))).containsEntry("b", n(4));
    }

    @Test
    void ifNotExists_shouldKeepAnExistingValueOrUseTheDefault_whenAttributeIsMissing() {
        Map<String, Value> out = update("SET tally = if_not_exists(tally, :zero) + :one, fresh = if_not_exists(fresh, :zero), "
                + "dup = if_not_exists(gone, label)", ":zero", n(0), ":one", n(1));
        assertThat(out).containsEntry("tally", n(2)).containsEntry("fresh", n(0)).containsEntry("dup", s("x"));
        assertThat(update("SET nested = if_not_exists(info.a, :v)", ":v", n(9))).containsEntry("nested", n(1));
    }

    @Test
    void listAppend_shouldConcatenateLists_whenEitherSideIsAList() {
        Map<String, Value> out = update("SET letters = list_append(letters, :tail), alt = list_append(if_not_exists(alt, :empty), :tail), "
                + "front = list_append(:head, letters)", ":tail", l(n(9)), ":empty", l(), ":head", l(n(0)));
        assertThat(out).containsEntry("letters", l(n(1), n(2), n(3), n(9)))
                .containsEntry("alt", l(n(9)))
                .containsEntry("front", l(n(0), n(1), n(2), n(3)));
    }

    @Test
    void remove_shouldDropAttributesNestedAttributesAndListElements_whenTheyExist() {
        Map<String, Value> out = update(ITEM, "REMOVE #n, info.a, letters[0], letters[2]", names("#n", "label"));
        assertThat(out).isEqualTo(item("pk", s("p"), "tally", n(1), "letters", l(n(2)), "info", m(), "tags", ss("a", "b")));
    }

    @Test
    void remove_shouldDoNothing_whenTargetIsMissingButItsParentExists() {
        assertThat(update("REMOVE info.y, letters[7], absent")).isEqualTo(ITEM);
        assertThat(update(item("a", l(n(1))), "REMOVE a[0]", null)).containsEntry("a", l());
    }

    @Test
    void remove_shouldIgnoreNestedPaths_whenThereIsNoItem() {
        Update u = Expressions.update("REMOVE x.y, z[0], w", Placeholders.none());
        assertThat(u.apply(item("pk", s("p")), false)).isEqualTo(item("pk", s("p")));
    }

    @Test
    void add_shouldAddNumbersAndSetMembers_whenAttributesExistOrNot() {
        Map<String, Value> out = update(ITEM, "ADD #c :five, newCount :five, tags :more, nums :ns, info.a :five",
                names("#c", "tally"), ":five", n(5), ":more", ss("b", "c"), ":ns", ns("1"));
        assertThat(out).containsEntry("tally", n(6)).containsEntry("newCount", n(5))
                .containsEntry("tags", ss("a", "b", "c")).containsEntry("nums", ns("1"))
                .containsEntry("info", m("a", n(6)));
        assertThat(update(ITEM, "ADD letters[5] :n", null, ":n", n(1))).containsEntry("letters", l(n(1), n(2), n(3), n(1)));
    }

    @Test
    void delete_shouldRemoveSetMembersAndTheAttributeWhenEmpty_whenMembersMatch() {
        assertThat(update("DELETE tags :a", ":a", ss("a", "zzz"))).containsEntry("tags", ss("b"));
        assertThat(update("DELETE tags :a", ":a", ss("a", "b"))).doesNotContainKey("tags");
        assertThat(update("DELETE absent :a", ":a", ss("a"))).isEqualTo(ITEM);
        assertThat(update(item("x", l(ns("1", "2"))), "DELETE x[0] :a", null, ":a", ns("2.0"))).containsEntry("x", l(ns("1")));
    }

    @Test
    void update_shouldCombineAllFourClauses_whenEachAppearsOnce() {
        Map<String, Value> out = update(ITEM, "SET a = :a REMOVE info ADD #c :one DELETE tags :t", names("#c", "tally"),
                ":a", n(1), ":one", n(1), ":t", ss("a"));
        assertThat(out).isEqualTo(item("pk", s("p"), "tally", n(2), "label", s("x"), "letters", l(n(1), n(2), n(3)),
                "tags", ss("b"), "a", n(1)));
    }

    @Test
    void update_shouldReproduceDynamoDbsNestedExample_whenMixingPathsAndIndexes() {
        // From dynalite's "should update nested attributes", which was written against DynamoDB.
        Map<String, Value> item = item("a", s("key"), "b", m("a", n(1), "b", n(2), "c", n(3)), "c", l(n(1), n(3)));
        Map<String, Value> out = update(item,
                "set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a", null,
                ":a", n(2), ":b", ss("a"));
        assertThat(out).isEqualTo(item("a", s("key"), "b", m("a", s("key"), "b", n(2), "c", n(4)),
                "c", l(n(1), s("key"), n(3), n(-1), n(2), ss("a"))));
    }

    @Test
    void clauses_shouldBeCaseInsensitiveAndIgnoreWhitespace_whenWrittenLoosely() {
        assertThat(update("  sEt   b=:v  ", ":v", n(5))).containsEntry("b", n(5));
        assertThat(update("remove label add tally :v delete tags :s", ":v", n(1), ":s", ss("a")))
                .containsEntry("tally", n(2)).doesNotContainKey("label").containsEntry("tags", ss("b"));
    }

    @Test
    void names_shouldWriteAttributesWithDotsInTheirNames_whenGivenThroughPlaceholders() {
        assertThat(update(ITEM, "SET #a = :v", names("#a", "a.b"), ":v", n(3))).containsEntry("a.b", n(3)).doesNotContainKey("a");
    }

    @Test
    void targets_shouldListEveryWrittenPath_whenExpressionHasSeveralClauses() {
        Update u = Expressions.update("SET a.b = :v, c[2] = d REMOVE e ADD f :n DELETE g :s",
                new Placeholders(null, values(":v", n(1), ":n", n(1), ":s", ss("x"))));
        assertThat(u.targets()).extracting(Path::toString).containsExactly("a.b", "c[2]", "e", "f", "g");
        assertThat(u.targets().get(1).elements()).containsExactly("c", 2);
        assertThat(u.targets().get(1).bracketed()).isEqualTo("[c, [2]]");
        assertThat(u.nestedPathHeads()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void compiledUpdate_shouldApplyToManyItems_whenReused() {
        Update u = Expressions.update("ADD tally :one", new Placeholders(null, values(":one", n(1))));
        for (int i = 0; i < 3; i++) {
            assertThat(u.apply(item("tally", n(i)))).containsEntry("tally", n(i + 1));
        }
        assertThat(u.apply(Map.of())).isEqualTo(item("tally", n(1)));
        assertThat(List.of(u.targets().get(0))).containsExactly(Path.of("tally"));
    }
}
