package io.mqlengine.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqlengine.json.Json;
import io.mqlengine.json.Problem;
import io.mqlengine.model.EventType;
import io.mqlengine.model.Grade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks a scoring model document; every problem is reported with its JSON path. */
public final class ScoringModelLoader {
    /** Name of the default model on the classpath (a copy of {@code model/scoring-model.json}). */
    public static final String DEFAULT_RESOURCE = "scoring-model.json";
    /** Fields a fit rule or fit disqualifier may test. */
    public static final Set<String> FIT_FIELDS = Set.of("title", "company", "companySize", "industry", "country",
            "emailDomain", "emailDomainClass");
    private static final Set<String> EVENT_FIELD_ROOTS = Set.of("type", "event", "anonymousId", "userId", "context",
            "properties", "traits");
    private static final double MAX_POINTS = 1000;

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

    /** Parses {@code json}; {@code source} names it in error messages. */
    public static ScoringModel parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.strict().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelException(source, List.of(new Problem("$", "is not valid JSON: " + e.getOriginalMessage())));
        }
        List<Problem> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ModelException(source, List.of(new Problem("$", "must be a JSON object")));
        }
        ScoringModel model = read(new Doc(root, "$", problems));
        if (!problems.isEmpty()) {
            throw new ModelException(source, problems);
        }
        return model;
    }

    private static ScoringModel read(Doc d) {
        d.onlyFields(Set.of("$schema", "modelVersion", "description", "decay", "sessionTimeout", "mql", "recycle",
                "stale", "handoff", "behaviour", "fit", "emailDomains", "disqualify"));
        String version = d.string("modelVersion", true);
        Doc decay = d.object("decay", true);
        Duration halfLife = null;
        if (decay != null) {
            decay.onlyFields(Set.of("halfLife"));
            halfLife = decay.duration("halfLife", true, Duration.ofHours(1));
        }
        Duration session = d.has("sessionTimeout") ? d.duration("sessionTimeout", true, Duration.ofMinutes(1))
                : Duration.ofMinutes(30);
        ScoringModel.Mql mql = mql(d.object("mql", true));
        Double recycle = null;
        Doc rec = d.object("recycle", true);
        if (rec != null) {
            rec.onlyFields(Set.of("threshold"));
            recycle = rec.number("threshold", true, 0, 1e6);
        }
        if (mql != null && recycle != null && recycle >= mql.threshold()) {
            d.problems.add(new Problem("$.recycle.threshold", "must be below $.mql.threshold (" + mql.threshold() + ")"));
        }
        Duration staleAfter = null;
        Doc stale = d.object("stale", true);
        if (stale != null) {
            stale.onlyFields(Set.of("after"));
            staleAfter = stale.duration("after", true, Duration.ofDays(1));
        }
        Duration retry = Duration.ofMinutes(15);
        Doc handoff = d.object("handoff", false);
        if (handoff != null) {
            handoff.onlyFields(Set.of("retryAfter"));
            Duration r = handoff.duration("retryAfter", false, Duration.ofMinutes(1));
            retry = r == null ? retry : r;
        }
        List<ScoringModel.BehaviourRule> behaviour = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Doc r : d.objects("behaviour", true)) {
            r.onlyFields(Set.of("id", "description", "when", "points", "cap"));
            String id = ruleId(r, ids);
            EventMatch when = eventMatch(r.object("when", true));
            Double points = r.number("points", true, -MAX_POINTS, MAX_POINTS);
            Cap cap = cap(r);
            behaviour.add(new ScoringModel.BehaviourRule(id, r.string("description", false), when,
                    points == null ? 0 : points, cap));
        }
        if (behaviour.isEmpty() && !d.problems.stream().anyMatch(p -> p.path().startsWith("$.behaviour"))) {
            d.problem("behaviour", "must hold at least one rule");
        }
        ScoringModel.Fit fit = fit(d.object("fit", true), ids);
        ScoringModel.EmailDomains domains = domains(d.object("emailDomains", true));
        List<ScoringModel.Disqualifier> disqualifiers = new ArrayList<>();
        for (Doc q : d.objects("disqualify", false)) {
            q.onlyFields(Set.of("id", "reason", "when", "fit"));
            String id = ruleId(q, ids);
            String reason = q.string("reason", true);
            EventMatch when = q.has("when") ? eventMatch(q.object("when", true)) : null;
            FieldCondition fitCondition = q.has("fit") ? condition(q.object("fit", true), true) : null;
            if (q.has("when") == q.has("fit")) {
                q.problem(null, "must have exactly one of 'when' (an event) or 'fit' (a fit field test)");
            }
            disqualifiers.add(new ScoringModel.Disqualifier(id, reason, when, fitCondition));
        }
        return new ScoringModel(version, halfLife, session, mql, recycle == null ? 0 : recycle, staleAfter, retry,
                List.copyOf(behaviour), fit, List.copyOf(disqualifiers), domains);
    }

    private static String ruleId(Doc r, Set<String> ids) {
        String id = r.string("id", true);
        if (id != null && !id.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            r.problem("id", "must be 1-48 characters of lower-case letters, digits and '-', was '" + id + "'");
        } else if (id != null && !ids.add(id)) {
            r.problem("id", "duplicates another rule id '" + id + "'");
        }
        return id;
    }

    private static ScoringModel.Mql mql(Doc m) {
        if (m == null) {
            return null;
        }
        m.onlyFields(Set.of("threshold", "minGrade", "holdFor", "fastTrack"));
        Double threshold = m.number("threshold", true, 1, 1e6);
        Grade minGrade = grade(m, "minGrade", true);
        Duration hold = m.has("holdFor") ? m.duration("holdFor", true, Duration.ZERO) : Duration.ofDays(14);
        List<ScoringModel.FastTrack> fast = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Doc f : m.objects("fastTrack", false)) {
            f.onlyFields(Set.of("id", "description", "when", "minGrade", "within"));
            Duration within = f.has("within") ? f.duration("within", true, Duration.ofMinutes(1)) : Duration.ofDays(30);
            fast.add(new ScoringModel.FastTrack(ruleId(f, ids), f.string("description", false),
                    eventMatch(f.object("when", true)), grade(f, "minGrade", true), within));
        }
        return new ScoringModel.Mql(threshold == null ? 0 : threshold, minGrade, hold, List.copyOf(fast));
    }

    private static Grade grade(Doc d, String field, boolean required) {
        String g = d.string(field, required);
        if (g == null) {
            return null;
        }
        try {
            return Grade.valueOf(g);
        } catch (IllegalArgumentException e) {
            d.problem(field, "must be one of A, B, C, D, F, was '" + g + "'");
            return null;
        }
    }

    private static EventMatch eventMatch(Doc w) {
        if (w == null) {
            return null;
        }
        w.onlyFields(Set.of("type", "event", "where", "returning"));
        Set<EventType> types = new LinkedHashSet<>();
        List<String> typeNames = w.strings("type", false);
        for (int i = 0; i < typeNames.size(); i++) {
            EventType.fromWire(typeNames.get(i)).ifPresentOrElse(types::add,
                    () -> w.problem("type", "must be page, track or identify"));
        }
        Set<String> events = new LinkedHashSet<>(w.strings("event", false));
        if (!events.isEmpty() && !types.isEmpty() && !types.equals(Set.of(EventType.TRACK))) {
            w.problem("event", "only applies to type track");
        }
        if (!events.isEmpty() && types.isEmpty()) {
            types.add(EventType.TRACK);
        }
        List<FieldCondition> where = new ArrayList<>();
        for (Doc c : w.objects("where", false)) {
            FieldCondition fc = condition(c, false);
            if (fc != null) {
                where.add(fc);
            }
        }
        boolean returning = false;
        if (w.has("returning")) {
            if (!w.node.get("returning").isBoolean()) {
                w.problem("returning", "must be true or false");
            } else {
                returning = w.node.get("returning").booleanValue();
            }
        }
        return new EventMatch(Set.copyOf(types), Set.copyOf(events), List.copyOf(where), returning);
    }

    /** {"field": ..., one test}: for events ({@code fit} false) or fit fields. */
    private static FieldCondition condition(Doc c, boolean fit) {
        if (c == null) {
            return null;
        }
        Set<String> known = new HashSet<>(FieldTest.NAMES);
        known.add("field");
        c.onlyFields(known);
        String field = c.string("field", true);
        if (field != null) {
            String root = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
            if (fit && !FIT_FIELDS.contains(field)) {
                c.problem("field", "must be one of " + new TreeSet<>(FIT_FIELDS) + ", was '" + field + "'");
            } else if (!fit && !EVENT_FIELD_ROOTS.contains(root)) {
                c.problem("field", "must start with one of " + new TreeSet<>(EVENT_FIELD_ROOTS)
                        + ", was '" + field + "'");
            }
        }
        List<String> tests = new ArrayList<>();
        c.node.fieldNames().forEachRemaining(n -> {
            if (FieldTest.NAMES.contains(n)) {
                tests.add(n);
            }
        });
        if (tests.size() != 1) {
            c.problem(null, "must have exactly one test of " + new TreeSet<>(FieldTest.NAMES)
                    + ", has " + tests);
            return null;
        }
        String t = tests.get(0);
        JsonNode v = c.node.get(t);
        FieldTest test = switch (t) {
            case "equals" -> v.isValueNode() && !v.isNull() ? new FieldTest.Equals(scalar(v)) : null;
            case "oneOf" -> {
                List<Object> values = c.list(t, true, n -> n.isValueNode() && !n.isNull(), ScoringModelLoader::scalar,
                        "strings, numbers or booleans");
                yield values.isEmpty() ? null : new FieldTest.OneOf(List.copyOf(values));
            }
            case "glob" -> v.isTextual() && !v.textValue().isEmpty() ? FieldTest.Glob.of(v.textValue()) : null;
            case "containsAny" -> {
                List<String> s = c.strings(t, true);
                yield s.isEmpty() ? null : new FieldTest.ContainsAny(List.copyOf(s));
            }
            case "anyWord" -> {
                List<String> s = c.strings(t, true);
                yield s.isEmpty() ? null : FieldTest.AnyWord.of(List.copyOf(s));
            }
            case "atLeast" -> v.isNumber() ? new FieldTest.AtLeast(v.doubleValue()) : null;
            case "atMost" -> v.isNumber() ? new FieldTest.AtMost(v.doubleValue()) : null;
            case "exists" -> v.isBoolean() ? new FieldTest.Exists(v.booleanValue()) : null;
            default -> null;
        };
        if (test == null) {
            if (c.problems.stream().noneMatch(p -> p.path().startsWith(c.at(t)))) {
                c.problem(t, "has a value of the wrong kind for this test: " + v);
            }
            return null;
        }
        return field == null ? null : new FieldCondition(field, test);
    }

    private static Object scalar(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }

    private static Cap cap(Doc r) {
        JsonNode v = r.node.get("cap");
        if (v == null || v.isNull()) {
            return new Cap.Unlimited();
        }
        if (v.isTextual() && v.textValue().equals("once")) {
            return new Cap.Once();
        }
        if (!v.isObject()) {
            r.problem("cap", "must be \"once\" or an object {\"per\": duration} or {\"max\": n, \"per\": duration}");
            return new Cap.Unlimited();
        }
        Doc c = new Doc(v, r.at("cap"), r.problems);
        c.onlyFields(Set.of("max", "per"));
        Double max = c.has("max") ? c.number("max", true, 1, 1_000_000) : Double.valueOf(1);
        if (max != null && max != Math.rint(max)) {
            c.problem("max", "must be a whole number");
            max = null;
        }
        Duration per = c.duration("per", true, Duration.ofSeconds(1));
        if (max == null || per == null) {
            return new Cap.Unlimited();
        }
        return new Cap.PerPeriod(max.intValue(), per);
    }

    private static ScoringModel.Fit fit(Doc f, Set<String> ids) {
        if (f == null) {
            return null;
        }
        f.onlyFields(Set.of("grades", "rules"));
        Map<Grade, Double> floors = new EnumMap<>(Grade.class);
        Doc g = f.object("grades", true);
        if (g != null) {
            g.onlyFields(Set.of("A", "B", "C", "D"));
            Double previous = null;
            for (Grade grade : List.of(Grade.A, Grade.B, Grade.C, Grade.D)) {
                Double floor = g.number(grade.name(), true, -1e6, 1e6);
                if (floor != null && previous != null && floor >= previous) {
                    g.problem(grade.name(), "must be below the floor of the grade above it (" + previous + ")");
                }
                if (floor != null) {
                    floors.put(grade, floor);
                    previous = floor;
                }
            }
        }
        List<ScoringModel.FitRule> rules = new ArrayList<>();
        for (Doc r : f.objects("rules", true)) {
            r.onlyFields(Set.of("id", "description", "when", "points"));
            String id = ruleId(r, ids);
            FieldCondition when = condition(r.object("when", true), true);
            Double points = r.number("points", true, -MAX_POINTS, MAX_POINTS);
            rules.add(new ScoringModel.FitRule(id, r.string("description", false), when, points == null ? 0 : points));
        }
        return new ScoringModel.Fit(Map.copyOf(floors), List.copyOf(rules));
    }

    private static ScoringModel.EmailDomains domains(Doc e) {
        if (e == null) {
            return new ScoringModel.EmailDomains(Set.of(), Set.of(), Set.of());
        }
        e.onlyFields(Set.of("free", "disposable", "competitor"));
        return new ScoringModel.EmailDomains(domainSet(e, "free"), domainSet(e, "disposable"), domainSet(e, "competitor"));
    }

    private static Set<String> domainSet(Doc e, String field) {
        Set<String> out = new HashSet<>();
        List<String> list = e.strings(field, false);
        for (int i = 0; i < list.size(); i++) {
            String domain = list.get(i).toLowerCase(Locale.ROOT);
            if (!domain.matches("[a-z0-9.-]+\\.[a-z0-9-]+")) {
                e.problems.add(new Problem(e.at(field) + "[" + i + "]", "is not a domain name: '" + list.get(i) + "'"));
            }
            out.add(domain);
        }
        return Set.copyOf(out);
    }
}
