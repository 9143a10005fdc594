package io.mqlengine.emulator.dynamodb.expr;

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
import static org.assertj.core.api.Assertions.assertThat;

import io.mqlengine.emulator.dynamodb.value.Value;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConditionExpressionTest {
    private static final Map<String, Value> ITEM = item(
            "pk", s("p"),
            "n", n(10),
            "s", s("banana"),
            "b", b(1, 2, 3),
            "flag", bool(true),
            "nothing", nul(),
            "tags", ss("red", "green"),
            "nums", ns("1", "5"),
            "bins", bs("x", "yz"),
            "letters", l(s("a"), s("b"), n(3), m("k", s("v")), ss("q")),
            "info", m("nested", m("deep", s("x")), "arr", l(m("v", n(1)), m("v", n(2)))),
            "dotted.name", s("yes"),
            "emoji", s("\uD83D\uDE00"));

    private static boolean holds(String expression, Object... valuePairs) {
        Placeholders p = new Placeholders(null, valuePairs.length == 0 ? null : values(valuePairs));
        Condition c = Expressions.condition(expression, "ConditionExpression", p);
        p.checkAllUsed();
        return c.test(ITEM);
    }

    @Test
    void comparison_shouldCompareNumbersByValue_whenOperandsAreNumbers() {
        assertThat(holds("n > :v", ":v", n(9))).isTrue();
        assertThat(holds("n < :v", ":v", n(100))).isTrue();
        assertThat(holds("n = :v", ":v", n("10.00"))).isTrue();
        assertThat(holds("n >= :v AND n <= :v", ":v", n(10))).isTrue();
        assertThat(holds("n <> :v", ":v", n("1E1"))).isFalse();
        assertThat(holds("n > :v", ":v", n(10))).isFalse();
        assertThat(holds("n < :v", ":v", n(10))).isFalse();
        assertThat(holds("n <= :v", ":v", n(9))).isFalse();
        assertThat(holds("n >= :v", ":v", n(11))).isFalse();
    }

    @Test
    void comparison_shouldOrderStringsByUtf8Bytes_whenCharactersLieAboveTheBasicPlane() {
        assertThat(holds("s > :v", ":v", s("apple"))).isTrue();
        assertThat(holds("s < :v", ":v", s("banana_"))).isTrue();
        assertThat(holds("s <= :v", ":v", s("banana"))).isTrue();
        // U+1F600 sorts after U+FFFD in UTF-8, though its UTF-16 form sorts before.
        assertThat(holds("emoji > :v", ":v", s("\uFFFD"))).isTrue();
    }

    @Test
    void comparison_shouldOrderBinaryAsUnsignedBytes_whenBytesExceed127() {
        Map<String, Value> item = item("b", b(0x7f));
        Condition less = Expressions.condition("b < :v", "ConditionExpression", new Placeholders(null, values(":v", b(0x80))));
        Condition between = Expressions.condition("b between :lo and :hi", "ConditionExpression",
                new Placeholders(null, values(":lo", b(0x7e), ":hi", b(0x80))));
        assertThat(less.test(item)).isTrue();
        assertThat(between.test(item)).isTrue();
    }

    @Test
    void comparison_shouldBeFalse_whenTypesDifferOrAttributeIsMissing() {
        assertThat(holds("s > :v", ":v", n(1))).isFalse();
        assertThat(holds("s <> :v", ":v", n(1))).isTrue();
        assertThat(holds("absent = :v", ":v", n(1))).isFalse();
        assertThat(holds("absent < :v", ":v", n(1))).isFalse();
        assertThat(holds("absent <> :v", ":v", n(1))).isTrue();
        assertThat(holds(":v > absent", ":v", n(1))).isFalse();
        assertThat(holds("tags < :v", ":v", n(1))).isFalse();
    }

    @Test
    void comparison_shouldTreatTwoMissingAttributesAsUnequal_whenNeitherExists() {
        assertThat(holds("q = z")).isFalse();
        assertThat(holds("q <> z")).isTrue();
        assertThat(holds("q < z")).isFalse();
        assertThat(holds("q between z and x")).isFalse();
    }

    @Test
    void equality_shouldHoldForEveryType_whenValuesAreEqual() {
        for (String attribute : ITEM.keySet()) {
            Placeholders p = new Placeholders(names("#a", attribute), values(":v", ITEM.get(attribute)));
            Condition c = Expressions.condition("#a = :v", "ConditionExpression", p);
            assertThat(c.test(ITEM)).as(attribute).isTrue();
        }
    }

    @Test
    void equality_shouldIgnoreSetOrder_whenSetsHoldTheSameMembers() {
        assertThat(holds("tags = :v", ":v", ss("green", "red"))).isTrue();
        assertThat(holds("nums = :v", ":v", ns("5.0", "1"))).isTrue();
        assertThat(holds("tags = :v", ":v", ss("green"))).isFalse();
    }

    @Test
    void between_shouldIncludeBothBounds_whenSubjectIsInRange() {
        assertThat(holds("n BETWEEN :lo AND :hi", ":lo", n(10), ":hi", n(20))).isTrue();
        assertThat(holds("n between :lo and :hi", ":lo", n(1), ":hi", n(10))).isTrue();
        assertThat(holds("n BETWEEN :lo AND :hi", ":lo", n(11), ":hi", n(20))).isFalse();
        assertThat(holds("s BETWEEN :lo AND :hi", ":lo", s("a"), ":hi", s("c"))).isTrue();
        assertThat(holds("n BETWEEN :lo AND :hi", ":lo", s("0"), ":hi", s("2"))).isFalse();
    }

    @Test
    void in_shouldMatchAnyCandidate_whenCandidatesHaveMixedTypes() {
        assertThat(holds("s IN (:a, :b)", ":a", n(174), ":b", s("banana"))).isTrue();
        assertThat(holds("s IN (:a)", ":a", s("apple"))).isFalse();
        assertThat(holds("tags IN (:a)", ":a", ss("green", "red"))).isTrue();
        assertThat(holds("absent IN (:a)", ":a", s("apple"))).isFalse();
    }

    @Test
    void in_shouldAcceptOneHundredCandidates_whenListIsAtTheLimit() {
        Object[] pairs = IntStream.range(0, 100).boxed()
                .flatMap(i -> java.util.stream.Stream.of(":v" + i, (Object) n(i))).toArray();
        String list = String.join(",", IntStream.range(0, 100).mapToObj(i -> ":v" + i).toList());
        assertThat(holds("n IN (" + list + ")", pairs)).isTrue();
    }

    @Test
    void logic_shouldBindNotBeforeAndBeforeOr_whenUnparenthesised() {
        Object[] v = {":yes", n(10), ":no", n(11)};
        assertThat(holds("n = :yes OR n = :yes AND n = :no", v)).isTrue();
        assertThat(holds("(n = :yes OR n = :yes) AND n = :no", v)).isFalse();
        assertThat(holds("NOT n = :no AND n = :yes", v)).isTrue();
        assertThat(holds("NOT n = :yes AND n = :no", v)).isFalse();
        assertThat(holds("not (n = :yes)", ":yes", n(10))).isFalse();
        assertThat(holds("NOT NOT NOT NOT n = :yes", ":yes", n(10))).isTrue();
        assertThat(holds("n BETWEEN :no AND :no OR n = :yes", v)).isTrue();
        assertThat(holds("(n < :no OR n > :no) AND (n < :no AND (n = :yes OR n = :no))", v)).isTrue();
    }

    @Test
    void keywords_shouldMatchInAnyCase_whenWrittenInMixedCase() {
        assertThat(holds("n bEtWeEn :lo aNd :hi oR s iN (:a)", ":lo", n(1), ":hi", n(20), ":a", s("x"))).isTrue();
        assertThat(holds("nOt n = :lo", ":lo", n(1))).isTrue();
    }

    @Test
    void attributeExists_shouldSeeNullAttributes_whenValueIsNull() {
        assertThat(holds("attribute_exists(nothing) AND attribute_not_exists(absent)")).isTrue();
        assertThat(holds("attribute_exists (n)")).isTrue();
        assertThat(holds("attribute_not_exists(letters[9])")).isTrue();
        assertThat(holds("attribute_exists(info.nested.deep)")).isTrue();
    }

    @Test
    void attributeType_shouldMatchTheTypeName_whenTypeIsGivenAsString() {
        assertThat(holds("attribute_type(tags, :t) AND attribute_type(nothing, :u)", ":t", s("SS"), ":u", s("NULL"))).isTrue();
        assertThat(holds("attribute_type(flag, :t)", ":t", s("BOOL"))).isTrue();
        assertThat(holds("attribute_type(info, :t)", ":t", s("M"))).isTrue();
        assertThat(holds("attribute_type(n, :t)", ":t", s("S"))).isFalse();
        assertThat(holds("attribute_type(absent, :t)", ":t", s("S"))).isFalse();
        assertThat(holds("attribute_type(:v, :t)", ":v", n(0), ":t", s("N"))).isTrue();
    }

    @Test
    void beginsWith_shouldMatchPrefixes_whenStringOrBinary() {
        assertThat(holds("begins_with(s, :p)", ":p", s("ban"))).isTrue();
        assertThat(holds("begins_with(s, :p)", ":p", s("nan"))).isFalse();
        assertThat(holds("begins_with(b, :p)", ":p", b(1, 2))).isTrue();
        assertThat(holds("begins_with(:p, s)", ":p", s("bananas"))).isTrue();
        assertThat(holds("begins_with(absent, :p)", ":p", s("b"))).isFalse();
        assertThat(holds("begins_with(n, s)")).isFalse();
    }

    @Test
    void contains_shouldFindSubstringsMembersAndElements_whenTypesFit() {
        assertThat(holds("contains(s, :v)", ":v", s("nan"))).isTrue();
        assertThat(holds("contains(b, :v)", ":v", b(2, 3))).isTrue();
        assertThat(holds("contains(tags, :v)", ":v", s("red"))).isTrue();
        assertThat(holds("contains(tags, :v)", ":v", s("blue"))).isFalse();
        assertThat(holds("contains(nums, :v)", ":v", n("5.0"))).isTrue();
        assertThat(holds("contains(bins, :v)", ":v", b("yz"))).isTrue();
        assertThat(holds("contains(letters, :v)", ":v", n(3))).isTrue();
        assertThat(holds("contains(letters, :v)", ":v", s("b"))).isTrue();
        assertThat(holds("contains(letters, :v)", ":v", m("k", s("v")))).isTrue();
        assertThat(holds("contains(letters, :v)", ":v", ss("q"))).isTrue();
        assertThat(holds("contains(tags, :v)", ":v", ss("red"))).isFalse();
        assertThat(holds("contains(n, :v)", ":v", n(1))).isFalse();
        assertThat(holds("contains(absent, :v)", ":v", n(1))).isFalse();
    }

    @Test
    void size_shouldMeasureBytesAndMembers_whenTypeHasASize() {
        assertThat(holds("size(s) = :v", ":v", n(6))).isTrue();
        assertThat(holds("size(emoji) = :v", ":v", n(4))).isTrue();
        assertThat(holds("size(b) = :v", ":v", n(3))).isTrue();
        assertThat(holds("size(tags) = :two AND size(letters) = :five AND size(info) = :two", ":two", n(2), ":five", n(5))).isTrue();
        assertThat(holds("size(s) > :v AND (size(s)) < :w", ":v", n(2), ":w", n(7))).isTrue();
        assertThat(holds("size(n) = :v", ":v", n(1))).isFalse();
        assertThat(holds("size(flag) <> :v", ":v", n(1))).isTrue();
        assertThat(holds("size(s) = :v", ":v", s("dog"))).isFalse();
        assertThat(holds("size(s) = n")).isFalse();
    }

    @Test
    void paths_shouldFollowMapsAndLists_whenNestedWithDotsAndIndexes() {
        assertThat(holds("info.nested.deep = :v", ":v", s("x"))).isTrue();
        assertThat(holds("info.arr[1].v = :v", ":v", n(2))).isTrue();
        assertThat(holds("letters[0] = :v", ":v", s("a"))).isTrue();
        assertThat(holds("(info.arr)[1].v = :v", ":v", n(2))).isTrue();
        assertThat(holds("info[0] = :v", ":v", s("x"))).isFalse();
        assertThat(holds("letters.a = :v", ":v", s("a"))).isFalse();
        assertThat(holds("info.arr[0].v < info.arr[1].v")).isTrue();
    }

    @Test
    void names_shouldStandForWholeAttributeNames_whenTheyContainDots() {
        Placeholders p = new Placeholders(names("#d", "dotted.name", "#i", "info", "#n", "nested"), values(":y", s("yes"), ":x", s("x")));
        Condition c = Expressions.condition("#d = :y AND #i.#n.deep = :x", "ConditionExpression", p);
        p.checkAllUsed();
        assertThat(c.test(ITEM)).isTrue();
    }

    @Test
    void test_shouldTreatAnEmptyItemAsHavingNoAttributes_whenThereIsNoItem() {
        Condition c = Expressions.condition("attribute_not_exists(pk) AND pk <> :v", "ConditionExpression",
                new Placeholders(null, values(":v", s("p"))));
        assertThat(c.test(Map.of())).isTrue();
        assertThat(c.test(ITEM)).isFalse();
    }

    @Test
    void nestedPathHeads_shouldNameAttributesReachedInto_whenPathsAreNested() {
        Condition c = Expressions.condition("attribute_exists(a.b) AND c[1] = d AND size(e.f) > g", "FilterExpression",
                Placeholders.none());
        assertThat(c.nestedPathHeads()).containsExactlyInAnyOrder("a", "c", "e");
    }

    @Test
    void compiledCondition_shouldGiveTheSameAnswers_whenSharedAcrossThreads() {
        Condition c = Expressions.condition("n > :v", "FilterExpression", new Placeholders(null, values(":v", n(50))));
        List<Boolean> results = IntStream.range(0, 1000).parallel()
                .mapToObj(i -> c.test(item("n", n(i)))).toList();
        assertThat(results.stream().filter(x -> x).count()).isEqualTo(949);
    }
}
