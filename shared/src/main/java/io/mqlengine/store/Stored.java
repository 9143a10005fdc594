package io.mqlengine.store;

import io.mqlengine.scoring.LeadState;

/** What the store holds under a lead key: a lead, or (for an anonymous id) an alias to a known lead. */
public sealed interface Stored {

    /** A lead with its state. */
    record Lead(LeadState state) implements Stored {
    }

    /** An anonymous id whose history was merged into, or that now points to, the lead {@code leadId}. */
    record Alias(String anonymousId, String leadId, long version) implements Stored {
    }
}
