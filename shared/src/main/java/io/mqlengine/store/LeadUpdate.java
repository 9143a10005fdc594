package io.mqlengine.store;

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
        u.condition = created ? "attribute_not_exists(pk)" : "v = :expected";
        if (!created) {
            u.values.put(":expected", AttributeValue.fromN(String.valueOf(change.expectedVersion())));
        }
        u.set("v", AttributeValue.fromN(String.valueOf(next.version())));
        u.set("st", LeadItems.s(next.stage().name()));
        if (next.stageChangedAt() != null) {
            u.set("stAt", LeadItems.ms(next.stageChangedAt()));
        }
        u.set("hl", AttributeValue.fromN(String.valueOf(next.score().halfLife().getSeconds())));
        change.eraIncrements().forEach((era, amount) -> u.add(LeadItems.eraAttribute(era), LeadItems.num(amount)));
        change.eraValues().forEach((era, value) -> u.set(LeadItems.eraAttribute(era), LeadItems.num(value)));
        change.erasRemoved().forEach(era -> u.remove(LeadItems.eraAttribute(era)));
        if (created) {
            Map<String, AttributeValue> rules = new HashMap<>();
            next.contributions().forEach((rule, c) -> rules.put(rule, LeadItems.rule(c, next.caps().get(rule))));
            u.set("r", AttributeValue.fromM(rules));
        } else {
            Set<String> changed = new TreeSet<>(change.contributions().keySet());
            changed.addAll(change.caps().keySet());
            for (String rule : changed) {
                u.setIn("r", rule, LeadItems.rule(next.contributions().get(rule), next.caps().get(rule)));
            }
        }
        if (!change.newEventIds().isEmpty() || created) {
            u.set("ids", LeadItems.ids(next.recentIds()));
        }
        if (!next.traits().asMap().isEmpty()) {
            u.set("tr", LeadItems.traits(next.traits()));
        }
        u.set("gr", LeadItems.s(next.grade().name()));
        if (next.firstSeen() != null) {
            u.set("fs", LeadItems.ms(next.firstSeen()));
            u.set("ls", LeadItems.ms(next.lastSeen()));
        }
        if (next.qualifications() > 0) {
            u.set("qn", AttributeValue.fromN(String.valueOf(next.qualifications())));
            u.set("qAt", LeadItems.ms(next.qualifiedAt()));
            u.set("qBy", LeadItems.s(next.qualifiedBy()));
        }
        if (outcome.qualified()) {
            u.set("hp", AttributeValue.fromN(String.valueOf(next.qualifications())));
        } else if (next.stage() != Stage.MQL) {
            u.remove("hp"); // a qualification withdrawn before its handoff (disqualified, recycled) is not sent
        }
        if (next.disqualifiedBy() != null) {
            u.set("dq", LeadItems.s(next.disqualifiedBy()));
        }
        if (next.handRaise() != null) {
            u.set("hr", LeadItems.handRaise(next.handRaise()));
        }
        if (!next.mergedAnonymousIds().isEmpty()) {
            u.set("ma", AttributeValue.fromL(next.mergedAnonymousIds().stream().map(LeadItems::s).toList()));
        }
        if (!next.sameAs().isEmpty()) {
            u.set("sa", AttributeValue.fromL(next.sameAs().stream().map(LeadItems::s).toList()));
        }
        u.set("mv", LeadItems.s(next.modelVersion()));
        if (next.reviewAt() == null) {
            u.remove("reviewAt");
            u.remove("rs");
        } else if (created || change.reviewChanged()) {
            u.set("reviewAt", AttributeValue.fromN(String.valueOf(next.reviewAt().getEpochSecond())));
            u.set("rs", AttributeValue.fromN(String.valueOf(LeadItems.shard(key))));
        }
        if (outcome.reemitHandoff()) {
            u.set("re", LeadItems.ms(now));
        }
        // an anonymous visitor archived or disqualified (a bot) is removed by the table's TTL after the retention
        boolean expires = next.anonymous() && (next.stage() == Stage.ARCHIVED || next.stage() == Stage.DISQUALIFIED);
        if (expires) {
            u.set("expiresAt", AttributeValue.fromN(String.valueOf(now.getEpochSecond() + anonymousRetentionSeconds)));
        } else if (outcome.transitions().stream().map(Transition::from).anyMatch(s -> s == Stage.ARCHIVED)) {
            u.remove("expiresAt");
        }
        return u;
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
