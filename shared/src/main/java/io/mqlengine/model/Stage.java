package io.mqlengine.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Funnel stage of a lead; the allowed transitions are data, checked by {@link #transitionTo}. */
public enum Stage {
    ANONYMOUS, LEAD, MQL, SAL, SQL, CUSTOMER, RECYCLED, DISQUALIFIED, ARCHIVED;

    private static final Map<Stage, Set<Stage>> ALLOWED = Map.of(
            ANONYMOUS, EnumSet.of(LEAD, DISQUALIFIED, ARCHIVED),
            LEAD, EnumSet.of(MQL, DISQUALIFIED, ARCHIVED),
            MQL, EnumSet.of(SAL, RECYCLED, DISQUALIFIED),
            SAL, EnumSet.of(SQL, RECYCLED, DISQUALIFIED),
            SQL, EnumSet.of(CUSTOMER, RECYCLED, DISQUALIFIED),
            CUSTOMER, EnumSet.of(DISQUALIFIED),
            RECYCLED, EnumSet.of(MQL, DISQUALIFIED, ARCHIVED),
            DISQUALIFIED, EnumSet.of(LEAD),
            ARCHIVED, EnumSet.of(ANONYMOUS, LEAD, DISQUALIFIED));

    /** The stages this one may move to. */
    public Set<Stage> next() {
        return ALLOWED.get(this);
    }

    public boolean canMoveTo(Stage target) {
        return ALLOWED.get(this).contains(target);
    }

    /** Returns {@code target} when the move is allowed; otherwise fails naming both stages. */
    public Stage transitionTo(Stage target) {
        if (!canMoveTo(target)) {
            throw new IllegalStageTransitionException(this, target);
        }
        return target;
    }

    /** Stages in which new activity can make the lead an MQL. */
    public boolean canQualify() {
        return this == LEAD || this == RECYCLED;
    }

    /** Stages in which sales own the lead: the sweep and scoring leave them to sales' outcomes. */
    public boolean isSalesOwned() {
        return this == SAL || this == SQL || this == CUSTOMER;
    }

    /** Stages owned by marketing, where disqualifiers and the sweep apply. */
    public boolean isMarketingOwned() {
        return this == ANONYMOUS || this == LEAD || this == MQL || this == RECYCLED || this == ARCHIVED;
    }
}
