package io.mqlengine.scoring;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.json.JsonObjectReader;
import io.mqlengine.json.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.mqlengine.model.SalesOutcome;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a scoring model document; every problem is reported with its JSON path. The one-field sections
 * (decay, session timeout, recycle, stale, handoff) are read here; each larger section has its own reader.
 */
public final class ScoringModelLoader {
    /** Name of the default model on the classpath (a copy of {@code model/scoring-model.json}). */
    public static final String DEFAULT_RESOURCE = "scoring-model.json";
    /** Fields a fit rule or fit disqualifier may test. */
    public static final Set<String> FIT_FIELDS = Set.of("title", "company", "companySize", "industry", "country",
            "emailDomain", "emailDomainClass");
    /** The most points one rule may add or take away. */
    static final double MAX_POINTS = 1000;

    private ScoringModelLoader() {
    }

    /** The default model shipped with the engine. */
    public static ScoringModel loadDefault() {
        try (InputStream in = ScoringModelLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + DEFAULT_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model at {@code file}; a missing or unreadable file fails naming it. */
    public static ScoringModel load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ModelException(file.toString(), List.of(new Problem("$", "cannot be read: " + e)));
        }
    }

    /**
     * The highest daily limit a model may set: a day's fingerprints of a lead must fit one overflow item that
     * a write updates (8 bytes each, 40 KB at this limit).
     */
    static final int MAX_EVENTS_PER_DAY = 5_000;

    /** Parses {@code json}; {@code source} names it in error messages. */
    public static ScoringModel parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.strict().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelException(source, List.of(new Problem("$", "is not valid JSON" + at(e) + ": "
                    + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ModelException(source, List.of(new Problem("$", "must be a JSON object")));
        }
        JsonObjectReader d = JsonObjectReader.root(root);
        ScoringModel model = read(d);
        if (!d.problems().isEmpty()) {
            throw new ModelException(source, d.problems());
        }
        return model;
    }

    /** " at line L, column C" of a parse error, so that a typo in a long document can be found; empty when unknown. */
    static String at(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        if (where == null || where.getLineNr() < 1) {
            return "";
        }
        return " at line " + where.getLineNr() + (where.getColumnNr() < 1 ? "" : ", column " + where.getColumnNr());
    }

    /** Reads the sections in document order, so that problems are reported in that order. */
    private static ScoringModel read(JsonObjectReader d) {
        d.onlyFields(Set.of("$schema", "modelVersion", "description", "decay", "sessionTimeout", "mql", "recycle",
                "stale", "handoff", "behaviour", "fit", "emailDomains", "disqualify", "bots", "outcomes", "sla"));
        String version = d.string("modelVersion", true);
        Duration halfLife = halfLife(d.object("decay", true));
        Duration session = d.has("sessionTimeout") ? d.duration("sessionTimeout", true, Duration.ofMinutes(1))
                : Duration.ofMinutes(30);
        ScoringModel.Mql mql = MqlReader.read(d.object("mql", true));
        Double recycle = recycleThreshold(d.object("recycle", true), mql);
        Duration staleAfter = staleAfter(d.object("stale", true));
        Duration retry = handoffRetryAfter(d.object("handoff", false));
        RuleIds ids = new RuleIds();
        List<ScoringModel.BehaviourRule> behaviour = BehaviourReader.read(d, ids);
        ScoringModel.Fit fit = FitReader.read(d.object("fit", true), ids);
        ScoringModel.EmailDomains domains = EmailDomainsReader.read(d.object("emailDomains", true));
        List<ScoringModel.Disqualifier> disqualifiers = DisqualifyReader.read(d, ids);
        ScoringModel.Bots bots = bots(d.object("bots", false));
        ScoringModel.Outcomes outcomes = outcomes(d.object("outcomes", false));
        ScoringModel.Sla sla = sla(d.object("sla", false));
        return new ScoringModel(version, halfLife, session, mql, recycle == null ? 0 : recycle, staleAfter, retry,
                behaviour, fit, disqualifiers, domains, bots, outcomes, sla);
    }

    private static Duration halfLife(JsonObjectReader decay) {
        if (decay == null) {
            return null;
        }
        decay.onlyFields(Set.of("halfLife"));
        return decay.duration("halfLife", true, Duration.ofHours(1));
    }

    /** The recycle threshold, which must sit below the MQL threshold. */
    private static Double recycleThreshold(JsonObjectReader rec, ScoringModel.Mql mql) {
        if (rec == null) {
            return null;
        }
        rec.onlyFields(Set.of("threshold"));
        Double recycle = rec.number("threshold", true, 0, 1e6);
        if (mql != null && recycle != null && recycle >= mql.threshold()) {
            rec.problem("threshold", "must be below $.mql.threshold (" + mql.threshold() + ")");
        }
        return recycle;
    }

    private static Duration staleAfter(JsonObjectReader stale) {
        if (stale == null) {
            return null;
        }
        stale.onlyFields(Set.of("after"));
        return stale.duration("after", true, Duration.ofDays(1));
    }

    /** The bot section, every field optional ({@link ScoringModel.Bots#DEFAULT}). */
    private static ScoringModel.Bots bots(JsonObjectReader bots) {
        ScoringModel.Bots dflt = ScoringModel.Bots.DEFAULT;
        if (bots == null) {
            return dflt;
        }
        bots.onlyFields(Set.of("maxEventsPerDay", "emailClickBurst"));
        Double perDay = whole(bots, "maxEventsPerDay", 1, MAX_EVENTS_PER_DAY);
        String event = dflt.burstEvent();
        Double clicks = null;
        Duration within = null;
        JsonObjectReader burst = bots.object("emailClickBurst", false);
        if (burst != null) {
            burst.onlyFields(Set.of("event", "clicks", "within"));
            String e = burst.string("event", false);
            event = e == null ? event : e;
            clicks = whole(burst, "clicks", 2, 100);
            within = burst.duration("within", false, Duration.ofMillis(1));
            if (within != null && within.compareTo(Duration.ofMinutes(1)) > 0) {
                burst.problem("within", "must be at most PT1M: people click links that fast too");
            }
        }
        return new ScoringModel.Bots(perDay == null ? dflt.maxEventsPerDay() : perDay.intValue(), event,
                clicks == null ? dflt.burstClicks() : clicks.intValue(), within == null ? dflt.burstWithin() : within);
    }

    /** The outcomes section: per outcome, optional points and resetScore; absent outcomes keep their defaults. */
    private static ScoringModel.Outcomes outcomes(JsonObjectReader section) {
        if (section == null) {
            return ScoringModel.Outcomes.DEFAULT;
        }
        Map<SalesOutcome.Kind, ScoringModel.OutcomeRule> rules = new EnumMap<>(SalesOutcome.Kind.class);
        rules.putAll(ScoringModel.Outcomes.DEFAULT.rules());
        Set<String> names = new LinkedHashSet<>();
        for (SalesOutcome.Kind k : SalesOutcome.Kind.values()) {
            names.add(k.wireName());
        }
        section.onlyFields(names);
        for (SalesOutcome.Kind k : SalesOutcome.Kind.values()) {
            JsonObjectReader r = section.object(k.wireName(), false);
            if (r == null) {
                continue;
            }
            r.onlyFields(Set.of("points", "resetScore"));
            ScoringModel.OutcomeRule dflt = ScoringModel.Outcomes.DEFAULT.of(k);
            Double points = r.number("points", false, -MAX_POINTS, MAX_POINTS);
            Boolean reset = r.bool("resetScore");
            rules.put(k, new ScoringModel.OutcomeRule(points == null ? dflt.points() : points,
                    reset == null ? dflt.resetScore() : reset));
        }
        return new ScoringModel.Outcomes(rules);
    }

    /** The SLA section: how long an MQL may wait for sales to accept it, by score and by fast track. */
    private static ScoringModel.Sla sla(JsonObjectReader section) {
        ScoringModel.Sla dflt = ScoringModel.Sla.DEFAULT;
        if (section == null) {
            return dflt;
        }
        section.onlyFields(Set.of("accept", "fastTrackAccept"));
        Duration accept = section.duration("accept", false, Duration.ofMinutes(1));
        Duration fast = section.duration("fastTrackAccept", false, Duration.ofMinutes(1));
        return new ScoringModel.Sla(accept == null ? dflt.accept() : accept, fast == null ? dflt.fastTrackAccept() : fast);
    }

    private static Double whole(JsonObjectReader r, String field, double min, double max) {
        Double v = r.number(field, false, min, max);
        if (v != null && v != Math.floor(v)) {
            r.problem(field, "must be a whole number");
            return null;
        }
        return v;
    }

    private static Duration handoffRetryAfter(JsonObjectReader handoff) {
        Duration retry = Duration.ofMinutes(15);
        if (handoff != null) {
            handoff.onlyFields(Set.of("retryAfter"));
            Duration r = handoff.duration("retryAfter", false, Duration.ofMinutes(1));
            retry = r == null ? retry : r;
        }
        return retry;
    }
}
