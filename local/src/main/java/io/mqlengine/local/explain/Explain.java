package io.mqlengine.local.explain;

import io.mqlengine.journey.Journey;
import io.mqlengine.journey.JourneyRunner;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ModelException;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code explain JOURNEY.json [--model FILE]}: runs one journey through the engine in memory and prints, event
 * by event, the rules that scored, the decayed score, the grade and the stage; then the top reasons, and the
 * stages the sweep finds at the journey's later checks. For marketing operations trying a model change.
 */
public final class Explain {
    static final Instant START = Instant.parse("2026-06-01T09:00:00Z");

    private Explain() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("--")) {
            err.println("usage: java -jar local/target/mql-local.jar explain JOURNEY.json [--model model/scoring-model.json]");
            return 2;
        }
        ScoringModel model;
        Journey journey;
        try {
            model = args.length >= 3 && args[1].equals("--model") ? ScoringModelLoader.load(Path.of(args[2]))
                    : ScoringModelLoader.loadDefault();
            journey = Journey.load(Path.of(args[0]));
        } catch (ModelException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("cannot read journey " + args[0] + ": " + e.getMessage());
            return 2;
        }
        explain(journey, model, out);
        return 0;
    }

    static void explain(Journey j, ScoringModel model, PrintStream out) {
        JourneyRunner.Result r = new JourneyRunner(model, "explain-lead-id-secret").run(j, START);
        out.printf("%s, model %s%n%n", j.name(), model.version());
        out.println("| step | at | event | rules that scored (points) | score | grade | stage |");
        out.println("|---|---|---|---|---|---|---|");
        for (JourneyRunner.StepResult s : r.steps()) {
            if (s.event() == null) {
                out.printf("| %d | %s | rejected: %s | | | | |%n", s.number(), offset(s.step().at()), s.problems());
                continue;
            }
            LeadState after = s.after();
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %s | %s |%n", s.number(), offset(s.step().at()),
                    describe(s.event(), after), fired(s.before(), after, model, s.event()),
                    after.scoreAt(START.plus(s.step().at())), after.grade(), after.stage());
        }
        out.println();
        out.print("Top reasons:");
        for (Explanation.Reason reason : Explanation.topReasons(r.end(), model, r.endedAt(), 3)) {
            out.printf(Locale.ROOT, " %s %.1f (%dx);", reason.ruleId(), reason.points(), reason.count());
        }
        out.println();
        for (JourneyRunner.LaterResult later : r.later()) {
            out.printf(Locale.ROOT, "Sweep on day %d: %s, score %.1f%n", later.later().at().toDays(), later.state().stage(),
                    later.state().scoreAt(START.plus(later.later().at())));
        }
    }

    /** "day 1, 01:02" for an offset from the journey's start. */
    static String offset(Duration d) {
        return String.format(Locale.ROOT, "day %d, %02d:%02d", d.toDays(), d.toHoursPart(), d.toMinutesPart());
    }

    private static String describe(TrackingEvent e, LeadState after) {
        return switch (e.type()) {
            case PAGE -> "page " + e.field("context.page.path");
            case TRACK -> e.event() + (e.properties().isEmpty() ? "" : " " + e.properties());
            case IDENTIFY -> "identify (" + after.traits().title() + ", " + after.traits().companySize() + " employees, "
                    + after.traits().industry() + ", " + after.traits().country() + ")";
            case GROUP -> "group (" + after.traits().company() + ", " + after.traits().companySize() + " employees, "
                    + after.traits().industry() + ")";
            case ALIAS -> "alias of user " + e.userId();
        };
    }

    private static String fired(LeadState before, LeadState after, ScoringModel model, TrackingEvent e) {
        if (before == null && e.type() == EventType.IDENTIFY && !after.contributions().isEmpty()) {
            return "merges the anonymous history";
        }
        if (e.type() == EventType.ALIAS) {
            // an alias scores nothing itself; what changes is whose history the subject holds
            boolean merged = before == null ? !after.contributions().isEmpty()
                    : !before.id().equals(after.id()) || !before.contributions().equals(after.contributions());
            return merged ? "none: the alias merges the other id's history" : "none: an alias links ids";
        }
        List<String> rules = new ArrayList<>();
        for (ScoringModel.BehaviourRule rule : model.behaviour()) {
            Contribution now = after.contributions().get(rule.id());
            Contribution old = before == null ? null : before.contributions().get(rule.id());
            if (now != null && (old == null || old.count() != now.count())) {
                double points = rule.points();
                rules.add(rule.id() + " " + (points == Math.rint(points) ? String.valueOf((long) points) : String.valueOf(points)));
            }
        }
        if (rules.isEmpty()) {
            return switch (e.type()) {
                case IDENTIFY -> "none: identify sets traits and grade";
                case GROUP -> "none: group sets company traits and grade";
                default -> "none (capped, or no rule matches)";
            };
        }
        return String.join(", ", rules);
    }
}
