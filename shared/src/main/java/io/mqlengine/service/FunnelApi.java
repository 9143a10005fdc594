package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.store.FunnelCounters;
import io.mqlengine.store.FunnelTally;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The console's funnel: {@code GET /v1/console/funnel?from=YYYY-MM-DD&to=YYYY-MM-DD} (inclusive UTC days; by default
 * the {@value #DEFAULT_DAYS} days ending today; at most {@value #MAX_DAYS} days) answers the period's counts,
 * conversion rates between funnel steps (null when the earlier step is 0), MQLs per ISO week (every week that meets the
 * period, zeros included), MQLs by qualification cause and by first-touch campaign (most first), the median hours to
 * MQL (lead creation to MQL) and to acceptance (MQL to SAL) from the counters' histograms (within about 12%; null
 * without data), and the days with missed accept SLAs. A bad parameter is a 400 naming it.
 */
public final class FunnelApi {
    public static final int DEFAULT_DAYS = 28;
    public static final int MAX_DAYS = 400;
    private static final Set<String> PARAMETERS = Set.of("from", "to");
    private static final List<String> RECYCLE_REASONS = List.of("rejected", "lost", "decayed");

    private final FunnelCounters counters;
    private final Clock clock;

    public FunnelApi(FunnelCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** Answers one request; {@code query} holds the query string's parameters (null when there are none). */
    public IngestService.Response handle(Map<String, String> query) {
        Map<String, String> q = query == null ? Map.of() : query;
        for (String name : new TreeMap<>(q).keySet()) {
            if (!PARAMETERS.contains(name)) {
                return invalid(name + ": unknown parameter; the funnel takes from and to (YYYY-MM-DD)");
            }
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to;
        LocalDate from;
        try {
            to = q.containsKey("to") ? day("to", q.get("to")) : today;
            from = q.containsKey("from") ? day("from", q.get("from")) : to.minusDays(DEFAULT_DAYS - 1);
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        if (from.isAfter(to)) {
            return invalid("from: must not be after to (" + from + " is after " + to + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            return invalid("to: the period is at most " + MAX_DAYS + " days; " + from + " to " + to + " is " + days);
        }
        return new IngestService.Response(200, Json.write(answer(from, to, counters.days(from, to))));
    }

    private static IngestService.Response invalid(String message) {
        return IngestService.error(400, "invalid_parameter", message);
    }

    private static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": must be a day as YYYY-MM-DD, not '" + value + "'");
        }
    }

    static ObjectNode answer(LocalDate from, LocalDate to, Map<LocalDate, Map<String, Long>> perDay) {
        Map<String, Long> total = new HashMap<>();
        Map<LocalDate, Long> mqlsPerWeek = new TreeMap<>();
        for (LocalDate w = monday(from); !w.isAfter(to); w = w.plusWeeks(1)) {
            mqlsPerWeek.put(w, 0L);
        }
        List<ObjectNode> slaMissed = new ArrayList<>();
        perDay.forEach((day, counts) -> {
            counts.forEach((k, v) -> total.merge(k, v, Long::sum));
            mqlsPerWeek.merge(monday(day), counts.getOrDefault(FunnelTally.MQLS, 0L), Long::sum);
            long missed = counts.getOrDefault(FunnelTally.SLA_MISSED, 0L);
            if (missed > 0) {
                slaMissed.add(Json.object().put("day", day.toString()).put("missed", missed));
            }
        });
        long leads = total.getOrDefault(FunnelTally.LEADS, 0L);
        long mqls = total.getOrDefault(FunnelTally.MQLS, 0L);
        long sals = total.getOrDefault(FunnelTally.SALS, 0L);
        long sqls = total.getOrDefault(FunnelTally.SQLS, 0L);
        long customers = total.getOrDefault(FunnelTally.CUSTOMERS, 0L);

        ObjectNode n = Json.object();
        n.put("from", from.toString());
        n.put("to", to.toString());
        ObjectNode c = n.putObject("counts");
        c.put("leads", leads);
        c.put("mqls", mqls);
        c.put("sals", sals);
        c.put("sqls", sqls);
        c.put("customers", customers);
        c.put("disqualified", total.getOrDefault(FunnelTally.DISQUALIFIED, 0L));
        c.put("slaMissed", total.getOrDefault(FunnelTally.SLA_MISSED, 0L));
        ObjectNode recycled = c.putObject("recycled");
        RECYCLE_REASONS.forEach(r -> recycled.put(r, 0L));
        withPrefix(total, FunnelTally.RECYCLED).forEach(recycled::put);
        ObjectNode conversion = n.putObject("conversion");
        rate(conversion, "leadToMql", mqls, leads);
        rate(conversion, "mqlToSal", sals, mqls);
        rate(conversion, "salToSql", sqls, sals);
        rate(conversion, "sqlToWon", customers, sqls);
        ArrayNode weeks = n.putArray("mqlsPerWeek");
        mqlsPerWeek.forEach((w, count) -> weeks.addObject().put("week", w.toString()).put("mqls", count));
        ranked(n.putArray("mqlsByCause"), "cause", withPrefix(total, FunnelTally.BY_CAUSE));
        ranked(n.putArray("mqlsByCampaign"), "campaign", withPrefix(total, FunnelTally.BY_CAMPAIGN));
        median(n, "medianHoursToMql", total, FunnelTally.TO_MQL);
        median(n, "medianHoursToAccept", total, FunnelTally.TO_ACCEPT);
        ArrayNode sla = n.putArray("slaMissedPerDay");
        slaMissed.forEach(sla::add);
        return n;
    }

    private static LocalDate monday(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Map<String, Long> withPrefix(Map<String, Long> total, String prefix) {
        Map<String, Long> out = new TreeMap<>();
        total.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static void rate(ObjectNode n, String name, long part, long base) {
        if (base == 0) {
            n.putNull(name);
        } else {
            n.put(name, Math.round(1000.0 * part / base) / 1000.0);
        }
    }

    /** Most first; equal counts by name, so the order is stable. */
    private static void ranked(ArrayNode out, String key, Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        entries.forEach(e -> out.addObject().put(key, e.getKey()).put("mqls", e.getValue()));
    }

    private static void median(ObjectNode n, String name, Map<String, Long> total, String prefix) {
        Map<Integer, Long> buckets = new LinkedHashMap<>();
        withPrefix(total, prefix).forEach((b, count) -> buckets.put(Integer.parseInt(b), count));
        Double hours = FunnelTally.Histogram.median(buckets);
        if (hours == null) {
            n.putNull(name);
        } else {
            n.put(name, Math.round(hours * 10) / 10.0);
        }
    }
}
