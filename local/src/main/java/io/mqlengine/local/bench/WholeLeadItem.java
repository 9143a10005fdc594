package io.mqlengine.local.bench;

import static io.mqlengine.store.LeadAttributes.BOT;
import static io.mqlengine.store.LeadAttributes.CLICKS;
import static io.mqlengine.store.LeadAttributes.CREATED_AT;
import static io.mqlengine.store.LeadAttributes.DISQUALIFIED_BY;
import static io.mqlengine.store.LeadAttributes.FIRST_TOUCH;
import static io.mqlengine.store.LeadAttributes.FIRST_SEEN;
import static io.mqlengine.store.LeadAttributes.GRADE;
import static io.mqlengine.store.LeadAttributes.HALF_LIFE;
import static io.mqlengine.store.LeadAttributes.HANDED_OFF;
import static io.mqlengine.store.LeadAttributes.HANDOFF_PENDING;
import static io.mqlengine.store.LeadAttributes.HAND_RAISE;
import static io.mqlengine.store.LeadAttributes.LAST_SEEN;
import static io.mqlengine.store.LeadAttributes.LAST_TOUCH;
import static io.mqlengine.store.LeadAttributes.MERGED_ANONYMOUS_IDS;
import static io.mqlengine.store.LeadAttributes.MODEL_VERSION;
import static io.mqlengine.store.LeadAttributes.QUALIFICATIONS;
import static io.mqlengine.store.LeadAttributes.QUALIFIED_AT;
import static io.mqlengine.store.LeadAttributes.QUALIFIED_BY;
import static io.mqlengine.store.LeadAttributes.REVIEW_AT;
import static io.mqlengine.store.LeadAttributes.REVIEW_SHARD;
import static io.mqlengine.store.LeadAttributes.RULES;
import static io.mqlengine.store.LeadAttributes.SAME_AS;
import static io.mqlengine.store.LeadAttributes.SEEN_IDS;
import static io.mqlengine.store.LeadAttributes.STAGE;
import static io.mqlengine.store.LeadAttributes.STAGE_CHANGED_AT;
import static io.mqlengine.store.LeadAttributes.TRAITS;
import static io.mqlengine.store.LeadAttributes.VERSION;
import static io.mqlengine.store.LeadItemValues.bot;
import static io.mqlengine.store.LeadItemValues.clicks;
import static io.mqlengine.store.LeadItemValues.epochSeconds;
import static io.mqlengine.store.LeadItemValues.handRaise;
import static io.mqlengine.store.LeadItemValues.integer;
import static io.mqlengine.store.LeadItemValues.millis;
import static io.mqlengine.store.LeadItemValues.num;
import static io.mqlengine.store.LeadItemValues.rule;
import static io.mqlengine.store.LeadItemValues.seenIds;
import static io.mqlengine.store.LeadItemValues.string;
import static io.mqlengine.store.LeadItemValues.strings;
import static io.mqlengine.store.LeadItemValues.touch;
import static io.mqlengine.store.LeadItemValues.traits;

import io.mqlengine.scoring.LeadState;
import io.mqlengine.store.LeadItems;
import io.mqlengine.store.LeadKey;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole item of a lead, for the benchmark's bulk loads (BatchWriteItem) and its read-modify-write
 * baseline; the engine itself writes with the store's conditional updates.
 */
final class WholeLeadItem {

    private WholeLeadItem() {
    }

    static Map<String, AttributeValue> of(LeadKey key, LeadState s) {
        Map<String, AttributeValue> item = new HashMap<>(LeadItems.key(key));
        item.put(VERSION, integer(s.version()));
        item.put(STAGE, string(s.stage().name()));
        if (s.stageChangedAt() != null) {
            item.put(STAGE_CHANGED_AT, millis(s.stageChangedAt()));
        }
        item.put(HALF_LIFE, integer(s.score().halfLife().getSeconds()));
        s.score().eras().forEach((era, sum) -> item.put(LeadItems.eraAttribute(era), num(sum)));
        Map<String, AttributeValue> rules = new HashMap<>();
        s.contributions().forEach((rule, c) -> rules.put(rule, rule(c, s.caps().get(rule))));
        item.put(RULES, AttributeValue.fromM(rules));
        item.put(SEEN_IDS, seenIds(s.seen()));
        if (!s.traits().asMap().isEmpty()) {
            item.put(TRAITS, traits(s.traits()));
        }
        item.put(GRADE, string(s.grade().name()));
        if (s.firstSeen() != null) {
            item.put(FIRST_SEEN, millis(s.firstSeen()));
            item.put(LAST_SEEN, millis(s.lastSeen()));
        }
        if (s.qualifications() > 0) {
            item.put(QUALIFICATIONS, integer(s.qualifications()));
            item.put(QUALIFIED_AT, millis(s.qualifiedAt()));
            item.put(QUALIFIED_BY, string(s.qualifiedBy()));
        }
        if (s.handedOff() > 0) {
            item.put(HANDED_OFF, integer(s.handedOff()));
        }
        if (s.handoffPending()) {
            item.put(HANDOFF_PENDING, integer(s.qualifications()));
        }
        if (s.disqualifiedBy() != null) {
            item.put(DISQUALIFIED_BY, string(s.disqualifiedBy()));
        }
        if (s.bot() != null) {
            item.put(BOT, bot(s.bot()));
        }
        if (!s.clicks().isEmpty()) {
            item.put(CLICKS, clicks(s.clicks()));
        }
        if (s.handRaise() != null) {
            item.put(HAND_RAISE, handRaise(s.handRaise()));
        }
        if (!s.mergedAnonymousIds().isEmpty()) {
            item.put(MERGED_ANONYMOUS_IDS, strings(s.mergedAnonymousIds()));
        }
        if (!s.sameAs().isEmpty()) {
            item.put(SAME_AS, strings(s.sameAs()));
        }
        if (s.firstTouch() != null) {
            item.put(FIRST_TOUCH, touch(s.firstTouch()));
            item.put(LAST_TOUCH, touch(s.lastTouch()));
        }
        if (s.createdAt() != null) {
            item.put(CREATED_AT, millis(s.createdAt()));
        }
        if (s.reviewAt() != null) {
            item.put(REVIEW_AT, epochSeconds(s.reviewAt()));
            item.put(REVIEW_SHARD, integer(LeadItems.shard(key)));
        }
        item.put(MODEL_VERSION, string(s.modelVersion()));
        return item;
    }
}
