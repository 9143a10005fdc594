package io.mqlengine.emulator.dynamodb.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stored item is an immutable copy that sizes as the map it copies and equals it. */
class StoredItemTest {

    private static Map<String, Value> item() {
        Map<String, Value> item = new LinkedHashMap<>();
        item.put("pk", new Value.S("lead#42"));
        item.put("score", Value.N.of("-12.50"));
        item.put("tags", new Value.SS(Set.of("webinar", "pricing")));
        item.put("seen", new Value.L(List.of(Value.N.of(1), new Value.Bool(true), Value.Null.INSTANCE)));
        item.put("traits", new Value.M(Map.of("company", new Value.S("Acme GmbH – München"))));
        return item;
    }

    @Test
    void of_shouldSizeAsTheMapItCopies_andKeepItsAttributeOrder() {
        Map<String, Value> plain = item();
        StoredItem stored = StoredItem.of(plain);

        assertThat(ItemSize.of(stored)).isEqualTo(ItemSize.attributes(plain)).isGreaterThan(0);
        assertThat(ItemSize.of(stored)).as("asked again").isEqualTo(ItemSize.attributes(plain));
        assertThat(stored.keySet()).containsExactly("pk", "score", "tags", "seen", "traits");
        assertThat(stored).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(plain).isEqualTo(stored);
    }

    @Test
    void of_shouldCopy_soThatLaterChangesToTheSourceDoNotReachTheStoredItemOrItsSize() {
        Map<String, Value> plain = item();
        StoredItem stored = StoredItem.of(plain);
        int bytes = ItemSize.of(stored);

        plain.put("note", new Value.S("x".repeat(500)));

        assertThat(stored).doesNotContainKey("note");
        assertThat(ItemSize.of(stored)).isEqualTo(bytes);
        assertThat(StoredItem.of(stored)).as("a stored item is not copied again").isSameAs(stored);
    }

    @Test
    void storedItem_shouldRefuseChanges() {
        StoredItem stored = StoredItem.of(item());

        assertThatThrownBy(() -> stored.put("x", new Value.S("y"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stored.remove("pk")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stored.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stored.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
