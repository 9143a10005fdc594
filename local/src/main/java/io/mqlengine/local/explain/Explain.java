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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code explain FILE [--model FILE]}: runs a journey, or a plain list of tracking events, through the engine in
 * memory and prints, event by event, the rules that scored, the decayed score, the grade and the stage; then the top
 * reasons, the stages the sweep finds at the journey's later checks, and where the journey misses its expectations.
 * For marketing operations trying a model change, so the model is the file on disk, named on the first line.
 */
public final class Explain {
    static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    /** Where explain looks for the model when no --model is given, relative to the working directory. */
    static final Path DEFAULT_MODEL = Path.of("model", "scoring-model.json");
    static final String USAGE = "usage: java -jar local/target/mql-local.jar explain FILE [--model model/scoring-model.json]"
            + System.lineSeparator() + "  FILE: a journey (events/journeys/*.json), or tracking events: a JSON array of"
            + " events, a request body {\"events\":[...]}, or one event per line";

    /** Exit code when a journey misses its expectations. */
    static final int MISSED = 1;
    /** Exit code when nothing could be explained: bad arguments, a bad model, a bad file. */
    static final int REFUSED = 2;

    private Explain() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Path.of(""), out, err);
    }

    /** Runs with relative paths (the default model's too) resolved against {@code workingDir}. */
    static int run(String[] args, Path workingDir, PrintStream out, PrintStream err) {
        String file = null;
        String modelArg = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model") && i + 1 < args.length) {
                modelArg = args[++i];
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (args[i].startsWith("-") || file != null) {
                err.println(args[i].equals("--model") ? "--model needs a file" : "unexpected argument: " + args[i]);
                err.println(USAGE);
                return REFUSED;
            } else {
                file = args[i];
            }
        }
        if (file == null) {
            err.println(USAGE);
            return REFUSED;
        }
        Path modelFile = workingDir.resolve(modelArg == null ? DEFAULT_MODEL : Path.of(modelArg)).toAbsolutePath().normalize();
        if (modelArg == null && !Files.isRegularFile(modelFile)) {
            err.println(DEFAULT_MODEL + " not found in the current directory, "
                    + workingDir.toAbsolutePath().normalize() + ". Run explain from the repository root (where "
                    + "model/ is), or give --model path/to/scoring-model.json.");
            return REFUSED;
        }
        ScoringModel model;
        try {
            model = ScoringModelLoader.load(modelFile);
        } catch (ModelException e) {
            err.println(e.getMessage());
            return REFUSED;
        }
        Path input = workingDir.resolve(file);
        String text;
        try {
            text = Files.readString(input);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e);
            return REFUSED;
        }
        out.println("model: " + modelFile + " (modelVersion " + model.version() + ")");
        try {
            EventList.Values values = EventList.values(text);
            if (values.oneObjectWith("steps")) {
                Journey journey = Journey.load(input);
                return explain(journey, START, model, out, true) ? 0 : MISSED;
            }
            EventList.Read events = EventList.read(file, values);
            out.println("events of " + file + "; day 0 is " + events.start());
            events.notes().forEach(out::println);
            explain(events.journey(), events.start(), model, out, false);
            return 0;
        } catch (EventList.Invalid e) {
            err.println(e.lines().size() == 1 ? file + ": " + e.getMessage() : e.getMessage());
            return REFUSED;
        } catch (RuntimeException e) {
            err.println("cannot read journey " + file + ": " + e);
            return REFUSED;
        }
    }

    /** Prints the run; with {@code expectations}, also where it misses them. True when it misses none. */
    static boolean explain(Journey j, Instant start, ScoringModel model, PrintStream out, boolean expectations) {
        JourneyRunner.Result r = new JourneyRunner(model, "explain-lead-id-secret").run(j, start);
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
                    after.scoreAt(start.plus(s.step().at())), after.grade(), after.stage());
        }
        out.println();
        out.print("Top reasons:");
        for (Explanation.Reason reason : Explanation.topReasons(r.end(), model, r.endedAt(), 3)) {
            out.printf(Locale.ROOT, " %s %.1f (%dx);", reason.ruleId(), reason.points(), reason.count());
        }
        out.println();
        for (JourneyRunner.LaterResult later : r.later()) {
            out.printf(Locale.ROOT, "Sweep on day %d: %s, score %.1f%n", later.later().at().toDays(), later.state().stage(),
                    later.state().scoreAt(start.plus(later.later().at())));
        }
        if (!expectations) {
            return true;
        }
        List<String> misses = JourneyMisses.of(j, r, model, start);
        if (misses.isEmpty()) {
            out.println("Meets its expect.");
            return true;
        }
        out.println("Misses its expect:");
        misses.forEach(m -> out.println("- " + m));
        return false;
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
