package io.mqlengine.store;

import static io.mqlengine.store.LeadAttributes.TRAIT_COMPANY;
import static io.mqlengine.store.LeadAttributes.TRAIT_COMPANY_SIZE;
import static io.mqlengine.store.LeadAttributes.TRAIT_COUNTRY;
import static io.mqlengine.store.LeadAttributes.TRAIT_EMAIL;
import static io.mqlengine.store.LeadAttributes.TRAIT_FIRST_NAME;
import static io.mqlengine.store.LeadAttributes.TRAIT_INDUSTRY;
import static io.mqlengine.store.LeadAttributes.TRAIT_LAST_NAME;
import static io.mqlengine.store.LeadAttributes.TRAIT_TITLE;

import io.mqlengine.model.SalesOutcome;
import io.mqlengine.model.Stage;
import io.mqlengine.model.Traits;
import io.mqlengine.scoring.CapWindow;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.SeenIds;
import io.mqlengine.scoring.Touch;
import io.mqlengine.scoring.Transition;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the lead item's values are written and read: numbers, times (epoch milliseconds, epoch seconds for the
 * review index and the TTL), a rule's entry, traits, the hand-raise and the recent ids.
 */
public final class LeadItemValues {

    private LeadItemValues() {
    }

    /** A number as DynamoDB takes it; magnitudes below 1e-100 are written as 0 (DynamoDB's floor is 1e-130). */
    public static AttributeValue num(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return AttributeValue.fromN(Math.abs(d) < 1e-100 ? "0" : BigDecimal.valueOf(d).toString());
    }

    public static AttributeValue integer(long n) {
        return AttributeValue.fromN(String.valueOf(n));
    }

    public static AttributeValue millis(Instant t) {
        return AttributeValue.fromN(String.valueOf(t.toEpochMilli()));
    }

    /** Whole seconds: the review index and the TTL. */
    public static AttributeValue epochSeconds(Instant t) {
        return AttributeValue.fromN(String.valueOf(t.getEpochSecond()));
    }

    public static AttributeValue string(String v) {
        return AttributeValue.fromS(v);
    }

    public static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(LeadItemValues::string).toList());
    }

    /** One rule's entry: its contribution, and its cap window when the rule is capped. */
    public static AttributeValue rule(Contribution c, CapWindow w) {
        List<AttributeValue> l = new ArrayList<>(5);
        l.add(num(round6(c.points())));
        l.add(integer(c.count()));
        l.add(millis(c.lastAt()));
        if (w != null) {
            l.add(millis(w.start()));
            l.add(integer(w.count()));
        }
        return AttributeValue.fromL(l);
    }

    public static AttributeValue traits(Traits t) {
        Map<String, AttributeValue> m = new HashMap<>();
        put(m, TRAIT_EMAIL, t.email());
        put(m, TRAIT_FIRST_NAME, t.firstName());
        put(m, TRAIT_LAST_NAME, t.lastName());
        put(m, TRAIT_TITLE, t.title());
        put(m, TRAIT_COMPANY, t.company());
        if (t.companySize() != null) {
            m.put(TRAIT_COMPANY_SIZE, AttributeValue.fromN(t.companySize().toString()));
        }
        put(m, TRAIT_INDUSTRY, t.industry());
        put(m, TRAIT_COUNTRY, t.country());
        return AttributeValue.fromM(m);
    }

    public static AttributeValue handRaise(LeadState.HandRaise h) {
        return AttributeValue.fromL(List.of(string(h.rule()), millis(h.at())));
    }

    public static AttributeValue seenIds(SeenIds ids) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(ids.toBytes()));
    }

    public static AttributeValue bot(LeadState.Bot bot) {
        return AttributeValue.fromL(List.of(string(bot.reason()), millis(bot.since())));
    }

    static LeadState.Bot bot(AttributeValue v) {
        return v == null ? null : new LeadState.Bot(v.l().get(0).s(), instant(v.l().get(1)));
    }

    public static AttributeValue clicks(List<LeadState.Click> clicks) {
        List<AttributeValue> out = new ArrayList<>();
        for (LeadState.Click c : clicks) {
            Map<String, AttributeValue> scored = new HashMap<>();
            c.scored().forEach((rule, points) -> scored.put(rule, num(points)));
            out.add(AttributeValue.fromL(List.of(millis(c.at()), AttributeValue.fromM(scored))));
        }
        return AttributeValue.fromL(out);
    }

    static List<LeadState.Click> clicks(AttributeValue v) {
        List<LeadState.Click> out = new ArrayList<>();
        if (v != null) {
            for (AttributeValue c : v.l()) {
                Map<String, Double> scored = new HashMap<>();
                c.l().get(1).m().forEach((rule, points) -> scored.put(rule, Double.parseDouble(points.n())));
                out.add(new LeadState.Click(instant(c.l().get(0)), scored));
            }
        }
        return out;
    }

    /**
     * The stage history, one string per change: {@code FROM|TO|at|cause} and {@code |note} when it has one (the causes
     * are rule ids, outcome and sweep names, which hold no {@code |}; a note may).
     */
    public static AttributeValue history(List<Transition> history) {
        return AttributeValue.fromL(history.stream().map(t -> string(t.from() + "|" + t.to() + "|"
                + t.at().toEpochMilli() + "|" + t.reason() + (t.note() == null ? "" : "|" + t.note()))).toList());
    }

    static List<Transition> history(AttributeValue v) {
        List<Transition> out = new ArrayList<>();
        if (v != null) {
            for (AttributeValue s : v.l()) {
                String[] p = s.s().split("\\|", 5);
                out.add(new Transition(Stage.valueOf(p[0]), Stage.valueOf(p[1]), Instant.ofEpochMilli(Long.parseLong(p[2])),
                        p[3], p.length == 5 ? p[4] : null));
            }
        }
        return out;
    }

    /** The sales outcomes, each a map with short keys: id, o(utcome), at, st(atus), and r(eason), by, n(ote) when set. */
    public static AttributeValue outcomes(List<LeadState.Verdict> verdicts) {
        List<AttributeValue> out = new ArrayList<>();
        for (LeadState.Verdict v : verdicts) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("id", string(v.outcomeId()));
            m.put("o", string(v.outcome().wireName()));
            m.put("at", millis(v.at()));
            m.put("st", string(v.status().name()));
            put(m, "r", v.reason());
            put(m, "by", v.by());
            put(m, "n", v.note());
            out.add(AttributeValue.fromM(m));
        }
        return AttributeValue.fromL(out);
    }

    static List<LeadState.Verdict> outcomes(AttributeValue v) {
        List<LeadState.Verdict> out = new ArrayList<>();
        if (v != null) {
            for (AttributeValue a : v.l()) {
                Map<String, AttributeValue> m = a.m();
                out.add(new LeadState.Verdict(m.get("id").s(),
                        SalesOutcome.Kind.valueOf(m.get("o").s().toUpperCase(Locale.ROOT)), instant(m.get("at")),
                        str(m, "r"), str(m, "by"), LeadState.Verdict.Status.valueOf(m.get("st").s()), str(m, "n")));
            }
        }
        return out;
    }

    /**
     * A touch as one short string, {@code source|medium|campaign|referrerHost|at} (epoch ms; an absent part is empty;
     * {@code \} and {@code |} inside a part are escaped with {@code \}): one attribute of a few dozen bytes.
     */
    public static AttributeValue touch(Touch t) {
        StringBuilder b = new StringBuilder();
        for (String part : new String[] {t.source(), t.medium(), t.campaign(), t.referrerHost()}) {
            if (part != null) {
                b.append(part.replace("\\", "\\\\").replace("|", "\\|"));
            }
            b.append('|');
        }
        return string(b.append(t.at().toEpochMilli()).toString());
    }

    static Touch touch(AttributeValue v) {
        if (v == null || v.s() == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(5);
        StringBuilder part = new StringBuilder();
        String s = v.s();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                part.append(s.charAt(++i));
            } else if (c == '|') {
                parts.add(part.isEmpty() ? null : part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return new Touch(parts.get(0), parts.get(1), parts.get(2), parts.get(3),
                Instant.ofEpochMilli(Long.parseLong(part.toString())));
    }

    /** The fingerprints of an overflow item, as a binary set of 8-byte values. */
    public static AttributeValue fingerprints(long[] ids) {
        List<SdkBytes> out = new ArrayList<>();
        for (long id : ids) {
            out.add(SdkBytes.fromByteArray(ByteBuffer.allocate(Long.BYTES).putLong(id).array()));
        }
        return AttributeValue.fromBs(out);
    }

    static long[] fingerprints(AttributeValue v) {
        return v == null ? new long[0] : v.bs().stream().mapToLong(b -> ByteBuffer.wrap(b.asByteArray()).getLong())
                .toArray();
    }

    static Traits traits(Map<String, AttributeValue> t) {
        return new Traits(str(t, TRAIT_EMAIL), str(t, TRAIT_FIRST_NAME), str(t, TRAIT_LAST_NAME), str(t, TRAIT_TITLE),
                str(t, TRAIT_COMPANY), t.containsKey(TRAIT_COMPANY_SIZE) ? Integer.valueOf(t.get(TRAIT_COMPANY_SIZE).n()) : null,
                str(t, TRAIT_INDUSTRY), str(t, TRAIT_COUNTRY));
    }

    static LeadState.HandRaise handRaise(AttributeValue v) {
        return v == null ? null : new LeadState.HandRaise(v.l().get(0).s(), instant(v.l().get(1)));
    }

    static Instant instant(AttributeValue millis) {
        return Instant.ofEpochMilli(Long.parseLong(millis.n()));
    }

    static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static Instant instantOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : instant(v);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static void put(Map<String, AttributeValue> m, String key, String value) {
        if (value != null) {
            m.put(key, string(value));
        }
    }

    private static double round6(double d) {
        return d == 0 ? 0 : new BigDecimal(d).round(new MathContext(6)).doubleValue();
    }
}
