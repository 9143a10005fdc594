package io.mqlengine.service;

import io.mqlengine.store.DynamoLeadStore;
import io.mqlengine.store.LeadStore;
import io.mqlengine.testing.Emulators;
import io.mqlengine.testing.TemplateResources;
import java.time.Duration;

/** The Segment-style identity cases on the DynamoDB store, against the DynamoDB emulator, a table per test. */
class IdentityAcrossCallsDynamoTest extends IdentityAcrossCallsContract {
    @Override
    LeadStore newStore() {
        var dynamo = Emulators.get().dynamo();
        return new DynamoLeadStore(dynamo, TemplateResources.createTable(dynamo, "LeadsTable"), Duration.ofDays(30));
    }
}
