package io.mqlengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The in-memory store keeps each overflow day as one sorted array: a later spill is merged in, each id once. */
class InMemoryOverflowUnionTest {
    @Test
    void mergesTwoSortedArraysKeepingEachIdOnce() {
        assertThat(InMemoryLeadStore.union(new long[] {-5, 1, 3, 9}, new long[] {1, 2, 3, 10}))
                .containsExactly(-5, 1, 2, 3, 9, 10);
        assertThat(InMemoryLeadStore.union(new long[] {}, new long[] {4, 7})).containsExactly(4, 7);
        assertThat(InMemoryLeadStore.union(new long[] {4, 7}, new long[] {})).containsExactly(4, 7);
        assertThat(InMemoryLeadStore.union(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new long[] {Long.MAX_VALUE}))
                .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
