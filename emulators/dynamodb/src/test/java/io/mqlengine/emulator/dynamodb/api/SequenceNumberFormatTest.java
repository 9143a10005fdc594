package io.mqlengine.emulator.dynamodb.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stream sequence numbers are written as 21 decimal digits, zero-padded, as String.format("%021d") wrote them. */
class SequenceNumberFormatTest {
    @Test
    void padsToTwentyOneDigits() {
        for (long n : new long[] {0, 7, 1_000_000_000_000_000_000L, 123_456_789_012_345_678L, Long.MAX_VALUE, -42}) {
            assertThat(StreamOperations.format(n)).as("%d", n).isEqualTo(String.format("%021d", n));
        }
        assertThat(StreamOperations.format(1)).isEqualTo("000000000000000000001").hasSize(21);
    }
}
