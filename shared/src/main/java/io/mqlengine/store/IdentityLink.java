package io.mqlengine.store;

import io.mqlengine.scoring.LeadState;

/**
 * Points an anonymous id at a known lead, in the same atomic write as the lead. {@code before} is what was
 * stored under the anonymous id (null when nothing was): a lead that was merged, or an alias being moved.
 */
public record IdentityLink(String anonymousId, Stored before) {

    /** The anonymous lead that was merged, when there was one. */
    public LeadState mergedLead() {
        return before instanceof Stored.Lead p ? p.state() : null;
    }
}
