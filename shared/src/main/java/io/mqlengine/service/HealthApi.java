package io.mqlengine.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import io.mqlengine.queue.QueueDepths;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/console/health[?days=N]}: the depth of every queue, the template's dead-letter alarms evaluated on
 * those depths (each alarms at one visible message, as template.yaml sets them), and the accept-SLA breaches of the
 * last {@code days} days (7 unless given) from the funnel counts. A queue that does not answer is reported with its
 * error and its alarm as UNKNOWN; the rest of the answer stands.
 */
public final class HealthApi {
    /** The template's alarms: the maximum of ApproximateNumberOfMessagesVisible at or above one. */
    public static final long ALARM_THRESHOLD = 1;
    static final int MAX_DAYS = 400;

    /** A queue to show, by the name the template's configuration gives it. */
    public record Queue(String name, String url) {
    }

    /** An alarm on a queue's visible messages. */
    public record Alarm(String name, String queueUrl) {
    }

    /** The accept-SLA breaches per UTC day, from the funnel counts. */
    public interface SlaMisses {
        /** Missed SLAs per day from {@code from} to {@code to}, both inclusive; days without a breach may be absent. */
        Map<LocalDate, Long> perDay(LocalDate from, LocalDate to);
    }

    private final QueueDepths depths;
    private final List<Queue> queues;
    private final List<Alarm> alarms;
    private final SlaMisses sla;
    private final Clock clock;

    /** {@code sla} null: the deployment keeps no funnel counts, and the answer's {@code sla} is null. */
    public HealthApi(QueueDepths depths, List<Queue> queues, List<Alarm> alarms, SlaMisses sla, Clock clock) {
        this.depths = depths;
        this.queues = List.copyOf(queues);
        this.alarms = List.copyOf(alarms);
        this.sla = sla;
        this.clock = clock;
    }

    public IngestService.Response handle(Map<String, String> query) {
        int days = 7;
        if (query != null) {
            for (String name : query.keySet()) {
                if (!name.equals("days")) {
                    return IngestService.error(400, "invalid_parameter", name
                            + ": /v1/console/health takes only days (how many days of SLA breaches, 1 to " + MAX_DAYS + ")");
                }
            }
            String d = query.get("days");
            if (d != null) {
                try {
                    days = Integer.parseInt(d.strip());
                } catch (NumberFormatException e) {
                    days = -1;
                }
                if (days < 1 || days > MAX_DAYS) {
                    return IngestService.error(400, "invalid_parameter",
                            "days: must be a whole number from 1 to " + MAX_DAYS + ", was '" + d + "'");
                }
            }
        }
        ObjectNode n = Json.object();
        n.put("at", clock.instant().toString());
        ArrayNode q = n.putArray("queues");
        Map<String, Long> visible = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Queue queue : queues) {
            names.put(queue.url(), queue.name());
        }
        Set<String> alarmed = new LinkedHashSet<>();
        alarms.forEach(a -> alarmed.add(a.queueUrl()));
        List<String> all = new ArrayList<>();
        queues.forEach(x -> all.add(x.url()));
        alarmed.stream().filter(u -> !names.containsKey(u)).forEach(all::add);
        for (String url : all) {
            ObjectNode o = q.addObject();
            o.put("name", names.getOrDefault(url, nameOf(url)));
            o.put("url", url);
            o.put("deadLetter", alarmed.contains(url));
            try {
                QueueDepths.Depth d = depths.depth(url);
                o.put("visible", d.visible()).put("inFlight", d.inFlight()).put("delayed", d.delayed());
                visible.put(url, d.visible());
            } catch (RuntimeException e) {
                o.put("error", "the queue did not answer: " + e.getClass().getSimpleName());
            }
        }
        ArrayNode a = n.putArray("alarms");
        for (Alarm alarm : alarms) {
            Long v = visible.get(alarm.queueUrl());
            ObjectNode o = a.addObject();
            o.put("name", alarm.name());
            o.put("queue", names.getOrDefault(alarm.queueUrl(), nameOf(alarm.queueUrl())));
            o.put("rule", "visible messages >= " + ALARM_THRESHOLD);
            o.put("value", v);
            o.put("state", v == null ? "UNKNOWN" : v >= ALARM_THRESHOLD ? "ALARM" : "OK");
        }
        n.set("sla", sla(days));
        return new IngestService.Response(200, n.toString());
    }

    private ObjectNode sla(int days) {
        if (sla == null) {
            return null;
        }
        LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = to.minusDays(days - 1L);
        Map<LocalDate, Long> perDay = sla.perDay(from, to);
        ObjectNode o = Json.object();
        o.put("from", from.toString()).put("to", to.toString()).put("days", days);
        long total = 0;
        ArrayNode list = o.putArray("missedPerDay");
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            long m = perDay.getOrDefault(d, 0L);
            total += m;
            list.addObject().put("day", d.toString()).put("missed", m);
        }
        o.put("missed", total);
        return o;
    }

    /** The queue's name: the last segment of its URL. */
    static String nameOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
