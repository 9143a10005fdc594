package io.mqlengine.emulator.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqlengine.emulator.dynamodb.ApiException;
import io.mqlengine.emulator.dynamodb.value.Bytes;
import io.mqlengine.emulator.dynamodb.value.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short ways to write attribute values, items and placeholders in the expression tests. */
final class Items {
    private Items() {
    }

    static Value s(String s) {
        return new Value.S(s);
    }

    static Value n(String n) {
        return Value.N.of(n);
    }

    static Value n(long n) {
        return Value.N.of(n);
    }

    static Value b(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return new Value.B(Bytes.of(out));
    }

    static Value b(String ascii) {
        return new Value.B(Bytes.of(ascii.getBytes(StandardCharsets.UTF_8)));
    }

    static Value bool(boolean v) {
        return new Value.Bool(v);
    }

    static Value nul() {
        return Value.Null.INSTANCE;
    }

    static Value ss(String... members) {
        return new Value.SS(new LinkedHashSet<>(Arrays.asList(members)));
    }

    static Value ns(String... members) {
        LinkedHashSet<BigDecimal> set = new LinkedHashSet<>();
        for (String m : members) {
            set.add(new BigDecimal(m));
        }
        return new Value.NS(set);
    }

    static Value bs(String... asciiMembers) {
        LinkedHashSet<Bytes> set = new LinkedHashSet<>();
        for (String m : asciiMembers) {
            set.add(Bytes.of(m.getBytes(StandardCharsets.UTF_8)));
        }
        return new Value.BS(set);
    }

    static Value l(Value... elements) {
        return new Value.L(List.of(elements));
    }

    static Value m(Object... keysAndValues) {
        return new Value.M(item(keysAndValues));
    }

    /** An item from alternating names and values. */
    static Map<String, Value> item(Object... keysAndValues) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], (Value) keysAndValues[i + 1]);
        }
        return out;
    }

    /** Names from alternating placeholders and attribute names. */
    static Map<String, String> names(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    /** Values from alternating placeholders and values. */
    static Map<String, Value> values(Object... pairs) {
        return item(pairs);
    }

    static void assertValidation(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ApiException.class).hasMessage(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ApiException) e).shortType())
                        .isEqualTo("ValidationException"));
    }
}
