package io.mqlengine.local.explain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.identity.LeadIds;
import io.mqlengine.journey.Journey;
import io.mqlengine.json.Json;
import io.mqlengine.model.EventType;
import io.mqlengine.model.TrackingEvent;
import io.mqlengine.scoring.Contribution;
import io.mqlengine.scoring.Explanation;
import io.mqlengine.scoring.LeadScorer;
import io.mqlengine.scoring.LeadState;
import io.mqlengine.scoring.ModelException;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.ScoreService;
import io.mqlengine.service.SweepService;
import io.mqlengine.store.InMemoryLeadStore;
import io.mqlengine.store.ProfileKey;
import io.mqlengine.store.Stored;
import io.mqlengine.validation.Limits;
import io.mqlengine.validation.TrackingRequest;
import io.mqlengine.validation.TrackingRequestParser;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code explain JOURNEY.json [--model FILE]}: runs one journey through validation and scoring in memory and
 * prints, event by event, the rules that scored, the decayed score, the grade and the stage; then the top
 * reasons, and the stages the sweep finds at the journey's later checks. For marketing operations trying
 * a model change before deploying it.
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
    Path journeyFile = Path.of(args[0]);
    ScoringModel model;
    try {
      model = args.length >= 3 && args[1].equals("--model") ? ScoringModelLoader.load(Path.of(args[2]))
          : ScoringModelLoader.loadDefault();
    } catch (ModelException e) {
      err.println(e.getMessage());
      return 2;
    }
    Journey journey;
    try {
      journey = Journey.load(journeyFile);
    } catch (RuntimeException e) {
      err.println("cannot read journey " + journeyFile + ": " + e.getMessage());
      return 2;
    }
    explain(journey, model, out);
    return 0;
  }

  static void explain(Journey j, ScoringModel model, PrintStream out) {
    MovableClock clock = new MovableClock();
    InMemoryLeadStore store = new InMemoryLeadStore();
    LeadIds ids = new LeadIds("explain-lead-id-secret");
    LeadScorer scorer = new LeadScorer(model);
    ScoreService scoring = new ScoreService(store, scorer, ids, clock);
    TrackingRequestParser parser = new TrackingRequestParser(Limits.DEFAULT);
    out.printf("%s, model %s%n%n", j.name(), model.version());
    out.println("| step | at | event | rules that scored (points) | score | grade | stage |");
    out.println("|---|---|---|---|---|---|---|");
    ProfileKey subject = null;
    for (int i = 0; i < j.steps().size(); i++) {
      Journey.Step step = j.steps().get(i);
      Instant at = START.plus(step.at());
      ObjectNode request = Json.object().put("writeKey", "explain");
      request.putArray("events").add(step.eventAt(j.file() + "-" + (i + 1), START));
      TrackingRequest parsed = parser.parse(request.toString().getBytes(StandardCharsets.UTF_8), at);
      if (!parsed.rejected().isEmpty()) {
        out.printf("| %d | %s | rejected: %s | | | | |%n", i + 1, offset(step.at()), parsed.rejected().get(0).problems());
        continue;
      }
      TrackingEvent e = parsed.accepted().get(0).event();
      if (subject == null || e.type() == EventType.IDENTIFY) {
        subject = e.type() == EventType.IDENTIFY ? ProfileKey.lead(ids.forEmail(e.email()))
            : ProfileKey.anonymous(e.anonymousId());
      }
      LeadState before = state(store, subject);
      clock.now = at.plusSeconds(1);
      scoring.score(List.of(new ScoreService.Item("m" + i, e)));
      LeadState after = state(store, subject);
      if (after.handoffPending()) {
        // the pipeline hands every qualification to sales; the sweep only recycles what was handed off
        store.markHandedOff(after.id(), after.qualifications(), clock.now);
      }
      out.printf(Locale.ROOT, "| %d | %s | %s | %s | %.1f | %s | %s |%n", i + 1, offset(step.at()), describe(e, after),
          fired(before, after, model, e), after.scoreAt(at), after.grade(), after.stage());
    }
    LeadState end = state(store, subject);
    out.println();
    out.print("Top reasons:");
    for (Explanation.Reason r : Explanation.topReasons(end, model, clock.instant(), 3)) {
      out.printf(Locale.ROOT, " %s %.1f (%dx);", r.ruleId(), r.points(), r.count());
    }
    out.println();
    SweepService sweep = new SweepService(store, scorer, clock);
    for (Journey.Later later : j.later()) {
      clock.now = START.plus(later.at());
      sweep.sweep(() -> true);
      LeadState s = state(store, subject);
      out.printf(Locale.ROOT, "Sweep on day %d: %s, score %.1f%n", later.at().toDays(), s.stage(), s.scoreAt(clock.now));
    }
  }

  /** "day 1, 01:02" for an offset from the journey's start. */
  static String offset(java.time.Duration d) {
    return String.format(Locale.ROOT, "day %d, %02d:%02d", d.toDays(), d.toHoursPart(), d.toMinutesPart());
  }

  private static LeadState state(InMemoryLeadStore store, ProfileKey key) {
    return store.all().get(key) instanceof Stored.Profile p ? p.state() : null;
  }

  private static String describe(TrackingEvent e, LeadState after) {
    return switch (e.type()) {
      case PAGE -> "page " + e.field("context.page.path");
      case TRACK -> e.event() + (e.properties().isEmpty() ? "" : " " + e.properties());
      case IDENTIFY -> "identify (" + after.traits().title() + ", " + after.traits().companySize() + " employees, "
          + after.traits().industry() + ", " + after.traits().country() + ")";
    };
  }

  private static String fired(LeadState before, LeadState after, ScoringModel model, TrackingEvent e) {
    if (before == null && e.type() == EventType.IDENTIFY && !after.contributions().isEmpty()) {
      return "merges the anonymous history";
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
      return e.type() == EventType.IDENTIFY ? "none: identify sets traits and grade" : "none (capped, or no rule matches)";
    }
    return String.join(", ", rules);
  }

  /** The explanation's clock: set to each event's time. */
  private static final class MovableClock extends Clock {
    Instant now = START;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
