package io.mqlengine.store;

import io.mqlengine.scoring.LeadState;
import java.time.Instant;

/**
 * What the store holds under a lead key: a lead, (for an anonymous id) an alias to a known lead, or the tombstone of
 * an erased person.
 */
public sealed interface Stored {

    /** A lead with its state. */
    record Lead(LeadState state) implements Stored {
    }

    /** An anonymous id whose history was merged into, or that now points to, the lead {@code leadId}. */
    record Alias(String anonymousId, String leadId, long version) implements Stored {
    }

    /**
     * The tombstone left where a lead or one of its aliases was erased, until {@code expiresAt}: events for the key
     * are dropped, and nothing links to it. It holds no personal data, only when the erasure happened.
     */
    record Erased(LeadKey key, Instant erasedAt, Instant expiresAt) implements Stored {
    }
}
