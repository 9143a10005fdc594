package io.mqlengine.service;

import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.LeadStore;

/** The Segment-style identity cases on the in-memory store. */
class IdentityAcrossCallsInMemoryTest extends IdentityAcrossCallsContract {
    @Override
    LeadStore newStore() {
        return new InMemoryLeadStore();
    }
}
