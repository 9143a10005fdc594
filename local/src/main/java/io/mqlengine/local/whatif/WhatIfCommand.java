package io.mqlengine.local.whatif;

import io.mqlengine.archive.ArchiveFiles;
import io.mqlengine.archive.EventSource;
import io.mqlengine.journey.Journey;
import io.mqlengine.journey.JourneyArchive;
import io.mqlengine.model.SalesOutcome;
import io.mqlengine.scoring.ModelException;
import io.mqlengine.scoring.ScoringModel;
import io.mqlengine.scoring.ScoringModelLoader;
import io.mqlengine.service.WhatIf;
import io.mqlengine.service.WhatIfOutcomes;
import io.mqlengine.service.WhatIfReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code what-if --model CANDIDATE --events ARCHIVE [--outcomes FILE] [--live FILE] [--json]}: replays an event
 * archive under the live model and a candidate and prints what would change. The archive is a file of gzip members, a
 * directory of {@code *.jsonl.gz} (read recursively in name order), or journeys: a journey file or a directory of
 * them ({@code events/journeys}), all started at {@link #JOURNEYS_START}.
 */
public final class WhatIfCommand {
    /** Where the live model is read from when no --live is given, relative to the working directory. */
    static final Path DEFAULT_LIVE = Path.of("model", "scoring-model.json");
    /** When replayed journeys start, as {@code explain} starts them. */
    static final Instant JOURNEYS_START = Instant.parse("2026-06-01T09:00:00Z");
    /** The twin's lead id secret (template.yaml's LeadIdSecret default). */
    static final String TWIN_SECRET = "local-twin-lead-id-secret-change-me";
    static final String USAGE = """
        usage: java -jar local/target/mql-local.jar what-if --model CANDIDATE.json --events ARCHIVE [--outcomes FILE]
                   [--live model/scoring-model.json] [--lead-id-secret S] [--json]
          --model FILE      the candidate scoring model
          --events ARCHIVE  archived events: a file of gzipped JSON lines (one or more gzip members), a directory of
                            *.jsonl.gz files read recursively in name order, or journeys (a journey file, or a directory
                            of them such as events/journeys, all started on 2026-06-01)
          --outcomes FILE   sales outcomes, one outcome message per line (as sent to POST /v1/outcomes) or a JSON array
          --live FILE       the live model (default: model/scoring-model.json in the current directory)
          --lead-id-secret  the deployment's LeadIdSecret, so that outcomes naming a leadId or handoffId match
                            (default: $LEAD_ID_SECRET, else the twin's)
          --json            print the report as JSON (the console's what-if answer)""";
    static final int REFUSED = 2;

    private WhatIfCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Path.of(""), out, err);
    }

    static int run(String[] args, Path workingDir, PrintStream out, PrintStream err) {
        String model = null;
        String events = null;
        String outcomes = null;
        String live = null;
        String secret = System.getenv().getOrDefault("LEAD_ID_SECRET", TWIN_SECRET);
        boolean json = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model" -> model = value(args, ++i, "--model");
                    case "--events" -> events = value(args, ++i, "--events");
                    case "--outcomes" -> outcomes = value(args, ++i, "--outcomes");
                    case "--live" -> live = value(args, ++i, "--live");
                    case "--lead-id-secret" -> secret = value(args, ++i, "--lead-id-secret");
                    case "--json" -> json = true;
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unexpected argument: " + args[i]);
                }
            }
            if (model == null || events == null) {
                throw new IllegalArgumentException(model == null ? "--model is required: the candidate model file"
                        : "--events is required: the event archive (file or directory)");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return REFUSED;
        }
        try {
            Path liveFile = workingDir.resolve(live == null ? DEFAULT_LIVE : Path.of(live)).toAbsolutePath().normalize();
            if (live == null && !Files.isRegularFile(liveFile)) {
                throw new IllegalArgumentException(DEFAULT_LIVE + " not found in the current directory, "
                        + workingDir.toAbsolutePath().normalize() + ". Run what-if from the repository root (where "
                        + "model/ is), or give --live path/to/scoring-model.json.");
            }
            ScoringModel liveModel = load("--live", liveFile);
            ScoringModel candidate = load("--model", workingDir.resolve(model).toAbsolutePath().normalize());
            EventSource source = source(workingDir.resolve(events));
            List<SalesOutcome> known = outcomes == null ? null : outcomes(workingDir.resolve(outcomes));
            WhatIfReport report = new WhatIf(secret, WhatIf.DEFAULT_SWEEP_EVERY).run(liveModel, candidate, source, known);
            if (json) {
                out.println(report.toJson().toPrettyString());
            } else {
                out.println("live:      " + liveFile + " (modelVersion " + liveModel.version() + ")");
                out.println("candidate: " + workingDir.resolve(model).toAbsolutePath().normalize() + " (modelVersion "
                        + candidate.version() + ")");
                out.println("events:    " + events);
                WhatIfText.print(report, out);
            }
            return 0;
        } catch (IllegalArgumentException | ModelException | UncheckedIOException e) {
            err.println(e.getMessage());
            return REFUSED;
        }
    }

    private static ScoringModel load(String flag, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file");
        }
        return ScoringModelLoader.load(file);
    }

    /** The archive, or the journeys, at {@code path}. */
    static EventSource source(Path path) {
        if (Files.isDirectory(path) && !hasArchiveObjects(path) && hasJourneys(path)) {
            return new JourneyArchive(Journey.all(path), JOURNEYS_START);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".json")) {
            try {
                return new JourneyArchive(List.of(Journey.load(path)), JOURNEYS_START);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--events " + path + ": not a journey file (" + e.getMessage()
                        + "); an archive is gzipped JSON lines", e);
            }
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("--events " + path + ": no such file or directory");
        }
        return new ArchiveFiles(path);
    }

    private static boolean hasArchiveObjects(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(f -> f.getFileName().toString().endsWith(ArchiveFiles.SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("--events " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasJourneys(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("--events " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<SalesOutcome> outcomes(Path file) {
        try {
            return WhatIfOutcomes.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("--outcomes " + file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
