package io.mqlengine.local.bench;

import io.mqlengine.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

/** What the bench commands share: the repository root, and a measurement whose figures are written and printed. */
final class FiguresRun {
    /** A measurement that prints its progress lines to {@code progress}. */
    interface Measurement {
        Map<String, Object> measure(PrintStream progress) throws Exception;
    }

    private FiguresRun() {
    }

    /** The repository root: the working directory, or its parent when run from a module directory (the tests). */
    static Path root() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("template.yaml")) && Files.exists(root.getParent().resolve("template.yaml"))) {
            return root.getParent();
        }
        return root;
    }

    /**
     * Measures with standard output sent to standard error (the functions' log lines are not the figures), writes
     * the figures to {@code file} as JSON and prints them with {@code report}. Null when the measurement failed,
     * said on standard error after {@code failure}.
     */
    static Map<String, Object> run(Path file, Measurement measurement,
                                   BiConsumer<Map<String, Object>, PrintStream> report, String failure) {
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            Map<String, Object> figures = measurement.measure(out);
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
            report.accept(figures, out);
            out.println("written to " + file.toAbsolutePath());
            return figures;
        } catch (Exception e) {
            System.err.println(failure + ": " + e);
            e.printStackTrace();
            return null;
        } finally {
            System.setOut(out);
        }
    }
}
