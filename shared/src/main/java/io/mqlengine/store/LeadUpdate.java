package io.mqlengine.store;

import static io.mqlengine.store.LeadAttributes.ANNOUNCES;
import static io.mqlengine.store.LeadAttributes.BOT;
import static io.mqlengine.store.LeadAttributes.CLICKS;
import static io.mqlengine.store.LeadAttributes.CREATED_AT;
import static io.mqlengine.store.LeadAttributes.FIRST_TOUCH;
import static io.mqlengine.store.LeadAttributes.LAST_TOUCH;
import static io.mqlengine.store.LeadAttributes.DISQUALIFIED_BY;
import static io.mqlengine.store.LeadAttributes.EXPIRES_AT;
import static io.mqlengine.store.LeadAttributes.FIRST_SEEN;
import static io.mqlengine.store.LeadAttributes.GRADE;
import static io.mqlengine.store.LeadAttributes.HALF_LIFE;
import static io.mqlengine.store.LeadAttributes.HANDOFF_PENDING;
import static io.mqlengine.store.LeadAttributes.HANDED_OFF;
import static io.mqlengine.store.LeadAttributes.HAND_RAISE;
import static io.mqlengine.store.LeadAttributes.HISTORY;
import static io.mqlengine.store.LeadAttributes.LAST_SEEN;
import static io.mqlengine.store.LeadAttributes.MERGED_ANONYMOUS_IDS;
import static io.mqlengine.store.LeadAttributes.MODEL_VERSION;
import static io.mqlengine.store.LeadAttributes.OUTCOMES;
import static io.mqlengine.store.LeadAttributes.QUALIFICATIONS;
import static io.mqlengine.store.LeadAttributes.QUALIFIED_AT;
import static io.mqlengine.store.LeadAttributes.QUALIFIED_BY;
import static io.mqlengine.store.LeadAttributes.REVIEW_AT;
import static io.mqlengine.store.LeadAttributes.REVIEW_SHARD;
import static io.mqlengine.store.LeadAttributes.RULES;
import static io.mqlengine.store.LeadAttributes.SAME_AS;
import static io.mqlengine.store.LeadAttributes.SEEN_IDS;
import static io.mqlengine.store.LeadAttributes.SLA_MISSED_AT;
import static io.mqlengine.store.LeadAttributes.STAGE;
import static io.mqlengine.store.LeadAttributes.STAGE_CHANGED_AT;
import static io.mqlengine.store.LeadAttributes.TRAITS;
import static io.mqlengine.store.LeadAttributes.VERSION;
import static io.mqlengine.store.LeadItemValues.bot;
import static io.mqlengine.store.LeadItemValues.clicks;
import static io.mqlengine.store.LeadItemValues.epochSeconds;
import static io.mqlengine.store.LeadItemValues.handRaise;
import static io.mqlengine.store.LeadItemValues.history;
import static io.mqlengine.store.LeadItemValues.integer;
import static io.mqlengine.store.LeadItemValues.millis;
import static io.mqlengine.store.LeadItemValues.num;
import static io.mqlengine.store.LeadItemValues.outcomes;
import static io.mqlengine.store.LeadItemValues.rule;
import static io.mqlengine.store.LeadItemValues.seenIds;
import static io.mqlengine.store.LeadItemValues.string;
import static io.mqlengine.store.LeadItemValues.strings;
import static io.mqlengine.store.LeadItemValues.touch;
import static io.mqlengine.store.LeadItemValues.traits;

import io.mqlengine.model.Stage;
import io.mqlengine.scoring.LeadChange;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.Outcome;
import io.mqlengine.scoring.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Turns an {@link Outcome} into one conditional DynamoDB update: ADD for score increments, SET of the
 * changed contributions and cap windows by rule, SET of the scalars that changed, REMOVE of dropped
 * eras, all conditional on the version the outcome was computed from.
 */
final class LeadUpdate {
    private final List<String> set = new ArrayList<>();
    private final List<String> add = new ArrayList<>();
    private final List<String> remove = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private String condition;

    private LeadUpdate() {
    }

    static LeadUpdate of(LeadKey key, Outcome outcome, Instant now, long anonymousRetentionSeconds) {
        LeadUpdate u = new LeadUpdate();
        LeadState next = outcome.state();
        LeadChange change = outcome.change();
        boolean created = change.expectedVersion() == 0;
        u.condition = created ? LeadItems.NOT_STORED : VERSION + " = :expected";
        if (!created) {
            u.values.put(":expected", integer(change.expectedVersion()));
        }
        u.set(VERSION, integer(next.version()));
        u.set(STAGE, string(next.stage().name()));
        if (next.stageChangedAt() != null) {
            u.set(STAGE_CHANGED_AT, millis(next.stageChangedAt()));
        }
        u.set(HALF_LIFE, integer(next.score().halfLife().getSeconds()));
        change.eraIncrements().forEach((era, amount) -> u.add(LeadItems.eraAttribute(era), num(amount)));
        change.eraValues().forEach((era, value) -> u.set(LeadItems.eraAttribute(era), num(value)));
        change.erasRemoved().forEach(era -> u.remove(LeadItems.eraAttribute(era)));
        if (created) {
            Map<String, AttributeValue> rules = new HashMap<>();
            next.contributions().forEach((rule, c) -> rules.put(rule, rule(c, next.caps().get(rule))));
            u.set(RULES, AttributeValue.fromM(rules));
        } else {
            Set<String> changed = new TreeSet<>(change.contributions().keySet());
            changed.addAll(change.caps().keySet());
            for (String rule : changed) {
                u.setIn(RULES, rule, rule(next.contributions().get(rule), next.caps().get(rule)));
            }
            change.rulesRemoved().forEach(rule -> u.removeIn(RULES, rule));
        }
        if (!next.seen().days().isEmpty()) {
            u.set(SEEN_IDS, seenIds(next.seen()));
        }
        if (!next.traits().asMap().isEmpty()) {
            u.set(TRAITS, traits(next.traits()));
        }
        u.set(GRADE, string(next.grade().name()));
        if (next.firstSeen() != null) {
            u.set(FIRST_SEEN, millis(next.firstSeen()));
            u.set(LAST_SEEN, millis(next.lastSeen()));
        }
        if (next.qualifications() > 0) {
            u.set(QUALIFICATIONS, integer(next.qualifications()));
            u.set(QUALIFIED_AT, millis(next.qualifiedAt()));
            u.set(QUALIFIED_BY, string(next.qualifiedBy()));
        }
        if (outcome.qualified()) {
            u.set(HANDOFF_PENDING, integer(next.qualifications()));
        } else if (next.stage() != Stage.MQL) {
            u.remove(HANDOFF_PENDING); // a qualification withdrawn before its handoff (disqualified, recycled) is not sent
        }
        if (next.disqualifiedBy() != null) {
            u.set(DISQUALIFIED_BY, string(next.disqualifiedBy()));
        }
        if (next.handRaise() != null) {
            u.set(HAND_RAISE, handRaise(next.handRaise()));
        }
        if (next.bot() != null) {
            u.set(BOT, bot(next.bot()));
        }
        if (!next.clicks().isEmpty()) {
            u.set(CLICKS, clicks(next.clicks()));
        }
        if (!next.mergedAnonymousIds().isEmpty()) {
            u.set(MERGED_ANONYMOUS_IDS, strings(next.mergedAnonymousIds()));
        }
        if (!next.sameAs().isEmpty()) {
            u.set(SAME_AS, strings(next.sameAs()));
        }
        if (next.firstTouch() != null) {
            u.set(FIRST_TOUCH, touch(next.firstTouch()));
            u.set(LAST_TOUCH, touch(next.lastTouch()));
        }
        if (created && next.createdAt() != null) {
            u.set(CREATED_AT, millis(next.createdAt()));
        }
        u.set(MODEL_VERSION, string(next.modelVersion()));
        if (!next.history().isEmpty()) {
            u.set(HISTORY, history(next.history()));
        }
        if (!next.outcomes().isEmpty()) {
            u.set(OUTCOMES, outcomes(next.outcomes()));
        }
        u.lifecycle(key, outcome, now, anonymousRetentionSeconds, created);
        return u;
    }

    /**
     * The sweep's review computed from {@code read}, the partial lead its review index carries: only what a review
     * can change (version, stage, history, handoff marker, SLA miss, review time, TTL), so what the index does not
     * carry (traits, rules, score eras, seen ids, ...) stays as stored. The index has no version: the write holds if
     * every projected attribute is still as read and, when {@code read} assumes a last-seen time, the lead was last
     * seen no later; the version is counted up in place.
     */
    static LeadUpdate review(LeadKey key, LeadState read, Outcome outcome, Instant now, long anonymousRetentionSeconds) {
        LeadUpdate u = new LeadUpdate();
        LeadState next = outcome.state();
        if (outcome.qualified() || !outcome.change().eraIncrements().isEmpty()
                || !outcome.change().contributions().isEmpty()) {
            throw new IllegalArgumentException("not a review outcome for " + key.pk()
                    + ": it qualifies or scores, which needs the whole lead");
        }
        List<String> still = new ArrayList<>();
        still.add("attribute_exists(" + u.name(VERSION) + ")");
        still.add(u.same(STAGE, string(read.stage().name())));
        still.add(u.same(STAGE_CHANGED_AT, read.stageChangedAt() == null ? null : millis(read.stageChangedAt())));
        still.add(u.same(QUALIFICATIONS, read.qualifications() == 0 ? null : integer(read.qualifications())));
        still.add(u.same(QUALIFIED_AT, read.qualifiedAt() == null ? null : millis(read.qualifiedAt())));
        still.add(u.same(QUALIFIED_BY, read.qualifiedBy() == null ? null : string(read.qualifiedBy())));
        still.add(u.same(HANDED_OFF, read.handedOff() == 0 ? null : integer(read.handedOff())));
        still.add(u.same(SLA_MISSED_AT, read.slaMissedAt() == null ? null : millis(read.slaMissedAt())));
        if (read.lastSeen() != null) {
            still.add(u.name(LAST_SEEN) + " <= :seenBy");
            u.values.put(":seenBy", millis(read.lastSeen()));
        }
        u.condition = String.join(" AND ", still);
        u.values.put(":one", integer(1));
        u.set.add(u.name(VERSION) + " = " + u.name(VERSION) + " + :one");
        u.set(STAGE, string(next.stage().name()));
        if (next.stageChangedAt() != null) {
            u.set(STAGE_CHANGED_AT, millis(next.stageChangedAt()));
        }
        if (next.stage() != Stage.MQL) {
            u.remove(HANDOFF_PENDING);
        }
        if (!next.history().isEmpty()) {
            u.set(HISTORY, history(next.history()));
        }
        u.lifecycle(key, outcome, now, anonymousRetentionSeconds, false);
        if (outcome.change().announced() > 0) {
            // the announce mark holds the version written, which only the table knows here
            u.set.removeIf(e -> e.startsWith(u.name(ANNOUNCES) + " = "));
            u.set.add(u.name(ANNOUNCES) + " = " + u.name(VERSION) + " + :one");
            u.values.remove(":" + ANNOUNCES);
        }
        return u;
    }

    /** {@code attribute = value}, or that the attribute is absent when {@code value} is null. */
    private String same(String attribute, AttributeValue value) {
        String n = name(attribute);
        if (value == null) {
            return "attribute_not_exists(" + n + ")";
        }
        String v = ":was" + n.substring(1);
        values.put(v, value);
        return n + " = " + v;
    }

    /** What every lead write sets alike: the announce mark, the SLA miss, the review time and the TTL. */
    private void lifecycle(LeadKey key, Outcome outcome, Instant now, long anonymousRetentionSeconds, boolean created) {
        LeadState next = outcome.state();
        LeadChange change = outcome.change();
        if (change.announced() > 0) {
            set(ANNOUNCES, integer(next.version()));
        } else {
            remove(ANNOUNCES);
        }
        if (next.slaMissedAt() != null) {
            set(SLA_MISSED_AT, millis(next.slaMissedAt()));
        } else {
            remove(SLA_MISSED_AT);
        }
        if (next.reviewAt() == null) {
            remove(REVIEW_AT);
            remove(REVIEW_SHARD);
        } else if (created || change.reviewChanged()) {
            set(REVIEW_AT, epochSeconds(next.reviewAt()));
            set(REVIEW_SHARD, integer(LeadItems.shard(key)));
        }
        // a re-emitted handoff writes no marker of its own: the version changes, so the stream shows the image again
        // an anonymous visitor archived or disqualified (a bot) is removed by the table's TTL after the retention
        boolean expires = next.anonymous() && (next.stage() == Stage.ARCHIVED || next.stage() == Stage.DISQUALIFIED);
        if (expires) {
            set(EXPIRES_AT, integer(now.getEpochSecond() + anonymousRetentionSeconds));
        } else if (outcome.transitions().stream().map(Transition::from).anyMatch(s -> s == Stage.ARCHIVED)) {
            remove(EXPIRES_AT);
        }
    }

    private void set(String attribute, AttributeValue value) {
        String n = name(attribute);
        String v = ":" + n.substring(1);
        set.add(n + " = " + v);
        values.put(v, value);
    }

    private void setIn(String map, String key, AttributeValue value) {
        String n = name(map);
        String k = "#k" + names.size();
        names.put(k, key);
        String v = ":v" + values.size();
        set.add(n + "." + k + " = " + v);
        values.put(v, value);
    }

    private void removeIn(String map, String key) {
        String k = "#k" + names.size();
        names.put(k, key);
        remove.add(name(map) + "." + k);
    }

    private void add(String attribute, AttributeValue value) {
        String n = name(attribute);
        String v = ":" + n.substring(1);
        add.add(n + " " + v);
        values.put(v, value);
    }

    private void remove(String attribute) {
        remove.add(name(attribute));
    }

    private String name(String attribute) {
        String n = "#" + attribute;
        names.put(n, attribute);
        return n;
    }

    String expression() {
        StringBuilder e = new StringBuilder();
        if (!set.isEmpty()) {
            e.append("SET ").append(String.join(", ", set));
        }
        if (!add.isEmpty()) {
            e.append(" ADD ").append(String.join(", ", add));
        }
        if (!remove.isEmpty()) {
            e.append(" REMOVE ").append(String.join(", ", remove));
        }
        return e.toString().trim();
    }

    UpdateItemRequest request(String table, LeadKey key) {
        return UpdateItemRequest.builder().tableName(table).key(LeadItems.key(key))
                .updateExpression(expression()).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    Update transactional(String table, LeadKey key) {
        return Update.builder().tableName(table).key(LeadItems.key(key))
                .updateExpression(expression()).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }
}
