package io.mqlengine.service;

import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadStore;

/** The dedupe horizon on the in-memory store, which keeps overflow apart as the DynamoDB one does. */
class DedupeHorizonInMemoryTest extends DedupeHorizonContract {
    @Override
    LeadStore newStore() {
        return new InMemoryLeadStore();
    }
}
