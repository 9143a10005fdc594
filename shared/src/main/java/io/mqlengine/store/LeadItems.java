package io.mqlengine.store;

import static io.mqlengine.store.LeadAttributes.ALIAS_TO;
import static io.mqlengine.store.LeadAttributes.BOT;
import static io.mqlengine.store.LeadAttributes.CLICKS;
import static io.mqlengine.store.LeadAttributes.CREATED_AT;
import static io.mqlengine.store.LeadAttributes.FIRST_TOUCH;
import static io.mqlengine.store.LeadAttributes.LAST_TOUCH;
import static io.mqlengine.store.LeadAttributes.DISQUALIFIED_BY;
import static io.mqlengine.store.LeadAttributes.ERASED_AT;
import static io.mqlengine.store.LeadAttributes.ERA_PREFIX;
import static io.mqlengine.store.LeadAttributes.EXPIRES_AT;
import static io.mqlengine.store.LeadAttributes.FIRST_SEEN;
import static io.mqlengine.store.LeadAttributes.GRADE;
import static io.mqlengine.store.LeadAttributes.HALF_LIFE;
import static io.mqlengine.store.LeadAttributes.HANDED_OFF;
import static io.mqlengine.store.LeadAttributes.HANDOFF_PENDING;
import static io.mqlengine.store.LeadAttributes.HAND_RAISE;
import static io.mqlengine.store.LeadAttributes.HISTORY;
import static io.mqlengine.store.LeadAttributes.LAST_SEEN;
import static io.mqlengine.store.LeadAttributes.MERGED_ANONYMOUS_IDS;
import static io.mqlengine.store.LeadAttributes.MODEL_VERSION;
import static io.mqlengine.store.LeadAttributes.NEGATIVE_ERA_PREFIX;
import static io.mqlengine.store.LeadAttributes.OUTCOMES;
import static io.mqlengine.store.LeadAttributes.PK;
import static io.mqlengine.store.LeadAttributes.QUALIFICATIONS;
import static io.mqlengine.store.LeadAttributes.QUALIFIED_AT;
import static io.mqlengine.store.LeadAttributes.QUALIFIED_BY;
import static io.mqlengine.store.LeadAttributes.REVIEW_AT;
import static io.mqlengine.store.LeadAttributes.RULES;
import static io.mqlengine.store.LeadAttributes.SAME_AS;
import static io.mqlengine.store.LeadAttributes.SEEN_IDS;
import static io.mqlengine.store.LeadAttributes.SLA_MISSED_AT;
import static io.mqlengine.store.LeadAttributes.STAGE;
import static io.mqlengine.store.LeadAttributes.STAGE_CHANGED_AT;
import static io.mqlengine.store.LeadAttributes.TRAITS;
import static io.mqlengine.store.LeadAttributes.VERSION;
import static io.mqlengine.store.LeadItemValues.instant;
import static io.mqlengine.store.LeadItemValues.instantOrNull;
import static io.mqlengine.store.LeadItemValues.n;
import static io.mqlengine.store.LeadItemValues.str;

import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.CapWindow;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.DecayedScore;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.SeenIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lead item codec: keys, reading an item (a lead or an alias), alias items, and whether a stream image
 * is a pending handoff. The names are in {@link LeadAttributes}, the values' encoding in {@link LeadItemValues};
 * the scoring path writes with {@link LeadUpdate}.
 */
public final class LeadItems {
    public static final String REVIEW_INDEX = "review";
    /** Partitions of the review index, so due leads are not all on one index partition. */
    public static final int REVIEW_SHARDS = 4;
    /**
     * What the review index carries besides its keys (INCLUDE in template.yaml): what the sweep decides on for any
     * lead but an MQL whose handoff is done (that one's recycle test needs the score), and what its write needs.
     * None of them changes on a scoring write that leaves the stage alone (the version and last-seen time do, so
     * they are left out: the index is written no more often than with its keys alone); the half-life only with the
     * model.
     */
    public static final List<String> REVIEW_PROJECTION = List.of(STAGE, STAGE_CHANGED_AT, HALF_LIFE, QUALIFICATIONS,
            QUALIFIED_AT, QUALIFIED_BY, HANDED_OFF, SLA_MISSED_AT, HISTORY);
    /** The condition of a write that creates an item: nothing is stored under its key yet. */
    public static final String NOT_STORED = "attribute_not_exists(" + PK + ")";
    /** The key prefix of an overflow item: {@code SEEN#} then the lead item's key, {@code #} and the day. */
    static final String OVERFLOW_PREFIX = "SEEN#";
    /** The key prefix of a funnel counter item: {@code FUNNEL#}, the day and the bucket. */
    public static final String FUNNEL_PREFIX = "FUNNEL#";

    private LeadItems() {
    }

    public static Map<String, AttributeValue> key(LeadKey key) {
        return Map.of(PK, LeadItemValues.string(key.pk()));
    }

    public static String eraAttribute(long era) {
        return era < 0 ? NEGATIVE_ERA_PREFIX + (-era) : ERA_PREFIX + era;
    }

    static Long eraOf(String attribute) {
        int negative = NEGATIVE_ERA_PREFIX.length();
        if (attribute.startsWith(NEGATIVE_ERA_PREFIX) && attribute.length() > negative
                && isDigits(attribute.substring(negative))) {
            return -Long.parseLong(attribute.substring(negative));
        }
        int positive = ERA_PREFIX.length();
        if (attribute.startsWith(ERA_PREFIX) && attribute.length() > positive && isDigits(attribute.substring(positive))) {
            return Long.parseLong(attribute.substring(positive));
        }
        return null;
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** The review-index shard of a lead: stable across processes. */
    public static int shard(LeadKey key) {
        return Math.floorMod(key.pk().hashCode(), REVIEW_SHARDS);
    }

    /**
     * Reads an item: a lead, an alias or a tombstone; null for an overflow item of event ids or a funnel counter item
     * (a table scan meets them).
     */
    public static Stored read(Map<String, AttributeValue> item) {
        if (item.get(PK).s().startsWith(OVERFLOW_PREFIX) || item.get(PK).s().startsWith(FUNNEL_PREFIX)) {
            return null;
        }
        LeadKey key = LeadKey.fromPk(item.get(PK).s());
        if (item.containsKey(ERASED_AT)) {
            return erasedFrom(key, item);
        }
        if (item.containsKey(ALIAS_TO)) {
            return new Stored.Alias(key.id(), item.get(ALIAS_TO).s(), n(item, VERSION));
        }
        return new Stored.Lead(state(key, item));
    }

    /**
     * The lead a stream image shows, when the image carries a qualification waiting for handoff (the marker the
     * template's stream filter selects on, and {@link LeadState#handoffPending()}); empty for anything else.
     */
    public static Optional<LeadState> pendingHandoff(Map<String, AttributeValue> image) {
        if (!image.containsKey(PK) || !image.containsKey(HANDOFF_PENDING)) {
            return Optional.empty();
        }
        return read(image) instanceof Stored.Lead p && p.state().handoffPending() ? Optional.of(p.state())
                : Optional.empty();
    }

    /**
     * The tombstone a stream image shows, when it is one: a lead or alias key and when it was erased. A tombstone's
     * image carries only {@code pk}, {@code erasedAt} and {@code expiresAt}: never a stage nor a handoff marker, so
     * no stream filter on those selects it, and {@link #pendingHandoff} and {@link #read} never take it for a lead.
     * A {@code LEAD#} tombstone replacing a lead image is a person's erasure ({@code Lead Erased}).
     */
    public static Optional<Stored.Erased> erased(Map<String, AttributeValue> image) {
        if (image == null || !image.containsKey(PK) || !image.containsKey(ERASED_AT)
                || image.get(PK).s() == null || image.get(PK).s().startsWith(OVERFLOW_PREFIX)
                || image.get(PK).s().startsWith(FUNNEL_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(erasedFrom(LeadKey.fromPk(image.get(PK).s()), image));
    }

    /** The tombstone item for {@code key}: its key, when it was erased, and the TTL that removes it. */
    public static Map<String, AttributeValue> tombstone(LeadKey key, Instant erasedAt, Instant expiresAt) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(key));
        item.put(ERASED_AT, LeadItemValues.integer(erasedAt.toEpochMilli()));
        item.put(EXPIRES_AT, LeadItemValues.integer(expiresAt.getEpochSecond()));
        return item;
    }

    private static Stored.Erased erasedFrom(LeadKey key, Map<String, AttributeValue> item) {
        Instant expires = item.containsKey(EXPIRES_AT) ? Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()))
                : null;
        return new Stored.Erased(key, instant(item.get(ERASED_AT)), expires);
    }

    /** The key of {@code lead}'s overflow item of event-id fingerprints for {@code day} (see {@link SeenIds}). */
    public static Map<String, AttributeValue> overflowKey(LeadKey lead, int day) {
        return Map.of(PK, AttributeValue.fromS(OVERFLOW_PREFIX + lead.pk() + "#" + day));
    }

    /** The day of an overflow item's key. */
    static int overflowDay(Map<String, AttributeValue> item) {
        String pk = item.get(PK).s();
        return Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1));
    }

    /** The alias item pointing {@code anonymous} at the lead {@code leadId}, at {@code version}. */
    public static Map<String, AttributeValue> alias(LeadKey anonymous, String leadId, long version) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(anonymous));
        item.put(ALIAS_TO, LeadItemValues.string(leadId));
        item.put(VERSION, LeadItemValues.integer(version));
        return item;
    }

    /**
     * The partial lead a review index entry shows ({@link #REVIEW_PROJECTION}), or null when the entry carries
     * only keys (an index still KEYS_ONLY): no version, last-seen time, traits, rules, score eras nor seen ids.
     */
    static LeadState reviewed(Map<String, AttributeValue> entry) {
        if (!entry.containsKey(STAGE) || entry.containsKey(ERASED_AT)) {
            return null;
        }
        return state(LeadKey.fromPk(entry.get(PK).s()), entry);
    }

    static LeadState state(LeadKey key, Map<String, AttributeValue> item) {
        Duration halfLife = Duration.ofSeconds(n(item, HALF_LIFE));
        TreeMap<Long, Double> eras = new TreeMap<>();
        item.forEach((name, value) -> {
            Long era = eraOf(name);
            if (era != null && value.n() != null) {
                eras.put(era, Double.parseDouble(value.n()));
            }
        });
        Map<String, Contribution> contributions = new HashMap<>();
        Map<String, CapWindow> caps = new HashMap<>();
        if (item.containsKey(RULES)) {
            item.get(RULES).m().forEach((rule, v) -> {
                List<AttributeValue> l = v.l();
                contributions.put(rule, new Contribution(Double.parseDouble(l.get(0).n()), Integer.parseInt(l.get(1).n()),
                        instant(l.get(2))));
                if (l.size() == 5) {
                    caps.put(rule, new CapWindow(instant(l.get(3)), Integer.parseInt(l.get(4).n())));
                }
            });
        }
        List<String> merged = new ArrayList<>();
        if (item.containsKey(MERGED_ANONYMOUS_IDS)) {
            item.get(MERGED_ANONYMOUS_IDS).l().forEach(a -> merged.add(a.s()));
        }
        List<String> sameAs = new ArrayList<>();
        if (item.containsKey(SAME_AS)) {
            item.get(SAME_AS).l().forEach(a -> sameAs.add(a.s()));
        }
        Traits traits = item.containsKey(TRAITS) ? LeadItemValues.traits(item.get(TRAITS).m()) : Traits.NONE;
        return new LeadState(key.id(), key.anonymous(), n(item, VERSION), Stage.valueOf(item.get(STAGE).s()),
                instantOrNull(item, STAGE_CHANGED_AT), new DecayedScore(halfLife, eras), contributions, caps,
                item.containsKey(SEEN_IDS) ? SeenIds.fromBytes(item.get(SEEN_IDS).b().asByteArray()) : SeenIds.EMPTY,
                traits, item.containsKey(GRADE) ? Grade.valueOf(item.get(GRADE).s()) : Grade.F,
                instantOrNull(item, FIRST_SEEN), instantOrNull(item, LAST_SEEN), (int) n(item, QUALIFICATIONS),
                instantOrNull(item, QUALIFIED_AT), str(item, QUALIFIED_BY), (int) n(item, HANDED_OFF),
                str(item, DISQUALIFIED_BY), LeadItemValues.bot(item.get(BOT)), LeadItemValues.clicks(item.get(CLICKS)),
                LeadItemValues.handRaise(item.get(HAND_RAISE)), merged, sameAs,
                item.containsKey(REVIEW_AT) ? Instant.ofEpochSecond(Long.parseLong(item.get(REVIEW_AT).n())) : null,
                str(item, MODEL_VERSION), LeadItemValues.history(item.get(HISTORY)),
                LeadItemValues.outcomes(item.get(OUTCOMES)), instantOrNull(item, SLA_MISSED_AT),
                LeadItemValues.touch(item.get(FIRST_TOUCH)), LeadItemValues.touch(item.get(LAST_TOUCH)),
                instantOrNull(item, CREATED_AT));
    }
}
