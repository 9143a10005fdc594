package io.mqlengine.store;

import io.mqlengine.model.Grade;
import io.mqlengine.model.Stage;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.CapWindow;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.DecayedScore;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.RecentIds;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lead table's item format. Short attribute names keep a lead item near 1 KB, one write unit:
 * {@code v} version, {@code st} stage, {@code e<era>} score sums per era ({@code en<era>} for negative
 * eras), {@code hl} their half-life in seconds, {@code r} per rule: contribution [points, count, last at]
 * and cap window [start, count], {@code ids} recent event-id fingerprints, {@code tr} traits (short keys), {@code gr} grade, {@code fs}/{@code ls} first and last
 * seen, {@code qn}/{@code qAt}/{@code qBy} qualifications, {@code hp} qualification waiting for handoff,
 * {@code ho} last handed off, {@code dq} disqualifier, {@code hr} the last hand-raise [rule, at],
 * {@code ma} merged anonymous ids, {@code sa} (anonymous leads) ids an alias said are the same person, {@code mv} model
 * version, {@code reviewAt}/{@code rs} the sparse review index, {@code expiresAt} TTL. An alias item
 * ({@code ANON#id}) holds {@code to}, the lead id, and {@code v}.
 */
public final class LeadItems {
    public static final String PK = "pk";
    public static final String REVIEW_INDEX = "review";
    /** Partitions of the review index, so due leads are not all on one index partition. */
    public static final int REVIEW_SHARDS = 4;

    private LeadItems() {
    }

    public static Map<String, AttributeValue> key(LeadKey key) {
        return Map.of(PK, s(key.pk()));
    }

    public static String eraAttribute(long era) {
        return era < 0 ? "en" + (-era) : "e" + era;
    }

    static Long eraOf(String attribute) {
        if (attribute.startsWith("en") && attribute.length() > 2 && isDigits(attribute.substring(2))) {
            return -Long.parseLong(attribute.substring(2));
        }
        if (attribute.startsWith("e") && attribute.length() > 1 && isDigits(attribute.substring(1))) {
            return Long.parseLong(attribute.substring(1));
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

    /** Reads an item: a lead, or an alias. */
    public static Stored read(Map<String, AttributeValue> item) {
        LeadKey key = LeadKey.fromPk(item.get(PK).s());
        if (item.containsKey("to")) {
            return new Stored.Alias(key.id(), item.get("to").s(), n(item, "v"));
        }
        return new Stored.Lead(state(key, item));
    }

    static LeadState state(LeadKey key, Map<String, AttributeValue> item) {
        Duration halfLife = Duration.ofSeconds(n(item, "hl"));
        TreeMap<Long, Double> eras = new TreeMap<>();
        item.forEach((name, value) -> {
            Long era = eraOf(name);
            if (era != null && value.n() != null) {
                eras.put(era, Double.parseDouble(value.n()));
            }
        });
        Map<String, Contribution> contributions = new HashMap<>();
        Map<String, CapWindow> caps = new HashMap<>();
        if (item.containsKey("r")) {
            item.get("r").m().forEach((rule, v) -> {
                List<AttributeValue> l = v.l();
                contributions.put(rule, new Contribution(Double.parseDouble(l.get(0).n()), Integer.parseInt(l.get(1).n()),
                        ms(l.get(2))));
                if (l.size() == 5) {
                    caps.put(rule, new CapWindow(ms(l.get(3)), Integer.parseInt(l.get(4).n())));
                }
            });
        }
        List<String> merged = new ArrayList<>();
        if (item.containsKey("ma")) {
            item.get("ma").l().forEach(a -> merged.add(a.s()));
        }
        List<String> sameAs = new ArrayList<>();
        if (item.containsKey("sa")) {
            item.get("sa").l().forEach(a -> sameAs.add(a.s()));
        }
        Traits traits = Traits.NONE;
        if (item.containsKey("tr")) {
            Map<String, AttributeValue> t = item.get("tr").m();
            traits = new Traits(str(t, "em"), str(t, "fn"), str(t, "ln"), str(t, "ti"), str(t, "co"),
                    t.containsKey("cs") ? Integer.valueOf(t.get("cs").n()) : null, str(t, "in"), str(t, "ct"));
        }
        return new LeadState(key.id(), key.anonymous(), n(item, "v"), Stage.valueOf(item.get("st").s()),
                msOrNull(item, "stAt"), new DecayedScore(halfLife, eras), contributions, caps,
                item.containsKey("ids") ? RecentIds.fromBytes(item.get("ids").b().asByteArray()) : RecentIds.EMPTY,
                traits, item.containsKey("gr") ? Grade.valueOf(item.get("gr").s()) : Grade.F,
                msOrNull(item, "fs"), msOrNull(item, "ls"), (int) n(item, "qn"), msOrNull(item, "qAt"),
                str(item, "qBy"), (int) n(item, "ho"), str(item, "dq"), handRaise(item.get("hr")), merged, sameAs,
                item.containsKey("reviewAt") ? Instant.ofEpochSecond(Long.parseLong(item.get("reviewAt").n())) : null,
                str(item, "mv"));
    }

    /**
     * The whole item of a lead, for bulk loads (BatchWriteItem) and fixtures; the scoring path writes
     * with {@link LeadUpdate} instead.
     */
    public static Map<String, AttributeValue> item(LeadKey key, LeadState s) {
        Map<String, AttributeValue> item = new HashMap<>(key(key));
        item.put("v", AttributeValue.fromN(String.valueOf(s.version())));
        item.put("st", s(s.stage().name()));
        if (s.stageChangedAt() != null) {
            item.put("stAt", ms(s.stageChangedAt()));
        }
        item.put("hl", AttributeValue.fromN(String.valueOf(s.score().halfLife().getSeconds())));
        s.score().eras().forEach((era, sum) -> item.put(eraAttribute(era), num(sum)));
        Map<String, AttributeValue> rules = new HashMap<>();
        s.contributions().forEach((rule, c) -> rules.put(rule, rule(c, s.caps().get(rule))));
        item.put("r", AttributeValue.fromM(rules));
        item.put("ids", ids(s.recentIds()));
        if (!s.traits().asMap().isEmpty()) {
            item.put("tr", traits(s.traits()));
        }
        item.put("gr", s(s.grade().name()));
        if (s.firstSeen() != null) {
            item.put("fs", ms(s.firstSeen()));
            item.put("ls", ms(s.lastSeen()));
        }
        if (s.qualifications() > 0) {
            item.put("qn", AttributeValue.fromN(String.valueOf(s.qualifications())));
            item.put("qAt", ms(s.qualifiedAt()));
            item.put("qBy", s(s.qualifiedBy()));
        }
        if (s.handedOff() > 0) {
            item.put("ho", AttributeValue.fromN(String.valueOf(s.handedOff())));
        }
        if (s.handoffPending()) {
            item.put("hp", AttributeValue.fromN(String.valueOf(s.qualifications())));
        }
        if (s.disqualifiedBy() != null) {
            item.put("dq", s(s.disqualifiedBy()));
        }
        if (s.handRaise() != null) {
            item.put("hr", handRaise(s.handRaise()));
        }
        if (!s.mergedAnonymousIds().isEmpty()) {
            item.put("ma", AttributeValue.fromL(s.mergedAnonymousIds().stream().map(LeadItems::s).toList()));
        }
        if (!s.sameAs().isEmpty()) {
            item.put("sa", AttributeValue.fromL(s.sameAs().stream().map(LeadItems::s).toList()));
        }
        if (s.reviewAt() != null) {
            item.put("reviewAt", AttributeValue.fromN(String.valueOf(s.reviewAt().getEpochSecond())));
            item.put("rs", AttributeValue.fromN(String.valueOf(shard(key))));
        }
        item.put("mv", s(s.modelVersion()));
        return item;
    }

    /** One rule's entry: its contribution, and its cap window when the rule is capped. */
    static AttributeValue rule(Contribution c, CapWindow w) {
        List<AttributeValue> l = new ArrayList<>(5);
        l.add(num(round6(c.points())));
        l.add(AttributeValue.fromN(String.valueOf(c.count())));
        l.add(ms(c.lastAt()));
        if (w != null) {
            l.add(ms(w.start()));
            l.add(AttributeValue.fromN(String.valueOf(w.count())));
        }
        return AttributeValue.fromL(l);
    }

    static AttributeValue traits(Traits t) {
        Map<String, AttributeValue> m = new HashMap<>();
        put(m, "em", t.email());
        put(m, "fn", t.firstName());
        put(m, "ln", t.lastName());
        put(m, "ti", t.title());
        put(m, "co", t.company());
        if (t.companySize() != null) {
            m.put("cs", AttributeValue.fromN(t.companySize().toString()));
        }
        put(m, "in", t.industry());
        put(m, "ct", t.country());
        return AttributeValue.fromM(m);
    }

    private static void put(Map<String, AttributeValue> m, String key, String value) {
        if (value != null) {
            m.put(key, s(value));
        }
    }

    static LeadState.HandRaise handRaise(AttributeValue v) {
        return v == null ? null : new LeadState.HandRaise(v.l().get(0).s(), ms(v.l().get(1)));
    }

    static AttributeValue handRaise(LeadState.HandRaise h) {
        return AttributeValue.fromL(List.of(s(h.rule()), ms(h.at())));
    }

    static AttributeValue ids(RecentIds ids) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(ids.toBytes()));
    }

    /** A number as DynamoDB takes it; magnitudes below 1e-100 are written as 0 (DynamoDB's floor is 1e-130). */
    public static AttributeValue num(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return AttributeValue.fromN(Math.abs(d) < 1e-100 ? "0" : BigDecimal.valueOf(d).toString());
    }

    static AttributeValue ms(Instant t) {
        return AttributeValue.fromN(String.valueOf(t.toEpochMilli()));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static double round6(double d) {
        return d == 0 ? 0 : new BigDecimal(d).round(new MathContext(6)).doubleValue();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant ms(AttributeValue v) {
        return Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    private static Instant msOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : ms(v);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
