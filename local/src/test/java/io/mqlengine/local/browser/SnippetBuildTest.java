package io.mqlengine.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed snippet/dist/mql.min.js is what snippet/src/mql.js builds to, so the two can never drift: the
 * pinned package tree (snippet/package-lock.json) is installed with {@code npm ci} into target/snippet-build (again
 * only when the lock file changed), the source is copied beside it, and {@code npm run build} runs there. Skips,
 * saying why, where node or npm is missing or the registry cannot be reached.
 */
class SnippetBuildTest {
  private static final Path SNIPPET = BrowserTwin.ROOT.resolve("snippet");
  private static final Path WORK = Path.of("target/snippet-build").toAbsolutePath();

  @Test
  void committedBuild_shouldEqualAFreshBuildOfTheSource() throws Exception {
    String missing = missingTool();
    if (missing != null) {
      System.out.println("[SnippetBuildTest] skipped: " + missing);
    }
    assumeTrue(missing == null, () -> "skipped: " + missing);
    install();
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

  /** npm ci into the work directory, unless it already holds the tree of this lock file. */
  private static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    Path lock = SNIPPET.resolve("package-lock.json");
    Files.copy(SNIPPET.resolve("package.json"), WORK.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(lock, WORK.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
    Path marker = WORK.resolve("node_modules").resolve(".installed-lock-sha256");
    String lockHash = sha256(Files.readAllBytes(lock));
    if (Files.exists(marker) && Files.readString(marker).equals(lockHash)) {
      return;
    }
    Path log = WORK.resolve("npm-ci.log");
    // --ignore-scripts: terser is plain JavaScript, no install step is wanted
    int exit = run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), log, 300);
    if (exit != 0) {
      System.out.println("[SnippetBuildTest] skipped: npm ci failed (offline?): " + tail(log));
    }
    assumeTrue(exit == 0, () -> "skipped: npm ci failed with exit " + exit + " (offline?): " + tail(log));
    Files.writeString(marker, lockHash);
  }

  private static String missingTool() {
    for (String tool : List.of("node", "npm")) {
      try {
        Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          return tool + " --version failed";
        }
      } catch (IOException e) {
        return tool + " is not on the PATH";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while looking for " + tool;
      }
    }
    return null;
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

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
