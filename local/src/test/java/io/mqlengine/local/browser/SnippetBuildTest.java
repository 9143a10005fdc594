package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqlengine.local.compat.NpmPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed snippet/dist/mql.min.js is what snippet/src/mql.js builds to, so the two can never drift: the
 * pinned package tree (snippet/package-lock.json) is installed into target/snippet-build by {@link NpmPackages},
 * the source is copied beside it, and {@code npm run build} runs there. Skips, saying why, where node or npm is
 * missing or the registry cannot be reached.
 */
class SnippetBuildTest {
    private static final Path SNIPPET = BrowserTwin.ROOT.resolve("snippet");
    private static final Path WORK = Path.of("target/snippet-build").toAbsolutePath();

    @Test
    void committedBuild_shouldEqualAFreshBuildOfTheSource() throws Exception {
        try {
            NpmPackages.install(SNIPPET, WORK);
        } catch (NpmPackages.Unavailable e) {
            System.out.println("[SnippetBuildTest] skipped: " + e.getMessage());
            assumeTrue(false, () -> "skipped: " + e.getMessage());
        }
        Files.createDirectories(WORK.resolve("src"));
        Files.createDirectories(WORK.resolve("dist"));
        Files.copy(SNIPPET.resolve("src/mql.js"), WORK.resolve("src/mql.js"), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(WORK.resolve("dist/mql.min.js"));
        Path log = WORK.resolve("npm-build.log");
        int exit = run(List.of("npm", "run", "build"), log, 120);
        assertThat(exit).as("npm run build: %s", tail(log)).isZero();

        assertThat(Files.readString(SNIPPET.resolve("dist/mql.min.js")))
                .as("snippet/dist/mql.min.js is stale: run `npm ci && npm run build` in snippet/ and commit the result")
                .isEqualTo(Files.readString(WORK.resolve("dist/mql.min.js")));
    }

    /** Runs {@code command} in the work directory; -1 when it did not finish in time. */
    private static int run(List<String> command, Path log, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
