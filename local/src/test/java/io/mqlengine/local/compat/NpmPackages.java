package io.mqlengine.local.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pinned npm package tree, installed with {@code npm ci} into a work directory (again only when the lock file
 * changed): the analytics SDKs of src/test/node-sdks, whose scripts run there to their end, with the browser's
 * analytics.js for a page to load from {@link #module(String)}; and the snippet's build tool.
 */
public final class NpmPackages {
    private final Path work;

    private NpmPackages(Path work) {
        this.work = work;
    }

    /** What a script printed and how it ended. */
    record Run(int exitCode, String output) {}

    /**
     * Copies the files of {@code source} (package.json, package-lock.json, scripts) into {@code work} and installs
     * the tree there, or throws {@link Unavailable} saying why it cannot be installed here.
     */
    public static NpmPackages install(Path source, Path work) throws Unavailable {
        require(List.of("node", "--version"), "node is not on the PATH");
        require(List.of("npm", "--version"), "npm is not on the PATH");
        try {
            Files.createDirectories(work);
            try (var files = Files.list(source)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path lock = source.resolve("package-lock.json");
            Path marker = work.resolve("node_modules").resolve(".installed-lock-sha256");
            String lockHash = sha256(Files.readAllBytes(lock));
            if (!Files.exists(marker) || !Files.readString(marker).equals(lockHash)) {
                Path log = work.resolve("npm-ci.log");
                // --ignore-scripts: the packages are plain JavaScript, no install step is wanted
                Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!npm.waitFor(300, TimeUnit.SECONDS)) {
                    npm.destroyForcibly();
                    throw new Unavailable("npm ci did not finish in 300 s (offline?), see " + log);
                }
                if (npm.exitValue() != 0) {
                    throw new Unavailable("npm ci failed with exit " + npm.exitValue() + " (offline?): " + tail(log));
                }
                Files.writeString(marker, lockHash);
            }
            return new NpmPackages(work);
        } catch (IOException e) {
            throw new Unavailable("could not install the packages of " + source + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while installing the packages of " + source);
        }
    }

    /** The directory of the installed package {@code name}, such as {@code @segment/analytics-next}. */
    public Path module(String name) {
        return work.resolve("node_modules").resolve(name);
    }

    /** Runs {@code script} with {@code args} until it ends, at most two minutes. */
    Run run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Path log = work.resolve(script + ".log");
        Process node = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            return new Run(-1, "did not end within 120 s: " + Files.readString(log));
        }
        return new Run(node.exitValue(), Files.readString(log));
    }

    private static void require(List<String> command, String reason) throws Unavailable {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new Unavailable(reason);
            }
        } catch (IOException e) {
            throw new Unavailable(reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(reason);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
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

    /** Why the packages cannot be installed on this machine. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
