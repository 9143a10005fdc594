package io.mqlengine.emulator.dynamodb.value;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value, immutable. Numbers are held normalised ({@link Numbers#check}), so
 * {@code equals} is DynamoDB's equality for every type; sets keep the order they were given in.
 */
public sealed interface Value {
    /** The type descriptor as the protocol writes it. */
    enum Type { S, N, B, SS, NS, BS, M, L, NULL, BOOL }

    Type type();

    record S(String value) implements Value {
        @Override
        public Type type() {
            return Type.S;
        }
    }

    record N(BigDecimal value) implements Value {
        public N {
            value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        }

        public static N of(String text) {
            return new N(Numbers.parse(text));
        }

        public static N of(long n) {
            return new N(BigDecimal.valueOf(n));
        }

        @Override
        public Type type() {
            return Type.N;
        }

        @Override
        public String toString() {
            return Numbers.format(value);
        }
    }

    record B(Bytes value) implements Value {
        @Override
        public Type type() {
            return Type.B;
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    record Null() implements Value {
        public static final Null INSTANCE = new Null();

        @Override
        public Type type() {
            return Type.NULL;
        }
    }

    record SS(Set<String> values) implements Value {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        @Override
        public Type type() {
            return Type.SS;
        }
    }

    /** A number set; its members are normalised like {@link N}. */
    record NS(Set<BigDecimal> values) implements Value {
        public NS {
            LinkedHashSet<BigDecimal> normalised = new LinkedHashSet<>();
            values.forEach(v -> normalised.add(new N(v).value()));
            values = Collections.unmodifiableSet(normalised);
        }

        @Override
        public Type type() {
            return Type.NS;
        }
    }

    record BS(Set<Bytes> values) implements Value {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        @Override
        public Type type() {
            return Type.BS;
        }
    }

    record L(List<Value> values) implements Value {
        public L {
            values = List.copyOf(values);
        }

        @Override
        public Type type() {
            return Type.L;
        }
    }

    record M(Map<String, Value> values) implements Value {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public Type type() {
            return Type.M;
        }
    }
}
