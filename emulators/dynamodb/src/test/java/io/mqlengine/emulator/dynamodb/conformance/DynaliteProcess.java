package io.mqlengine.emulator.dynamodb.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * dynalite 4.0.0 (the reference implementation) in a Node process: the pinned package tree from
 * src/test/node is installed with {@code npm ci} into target/conformance-node (again only when the lock file
 * changed), then served on a free loopback port until {@link #close()}.
 */
final class DynaliteProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private DynaliteProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts dynalite, or throws {@link Unavailable} saying why it cannot run here. */
    static DynaliteProcess start(Path source, Path work) throws Unavailable {
        require(List.of("node", "--version"), "node is not on the PATH");
        require(List.of("npm", "--version"), "npm is not on the PATH");
        try {
            Files.createDirectories(work);
            Path lock = source.resolve("package-lock.json");
            Files.copy(source.resolve("package.json"), work.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(lock, work.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
            Path marker = work.resolve("node_modules").resolve(".installed-lock-sha256");
            String lockHash = sha256(Files.readAllBytes(lock));
            if (!Files.exists(marker) || !Files.readString(marker).equals(lockHash)) {
                Path log = work.resolve("npm-ci.log");
                // --ignore-scripts: dynalite serves from memory, so no native build step is wanted
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
            int port = freePort();
            String script = "require('dynalite')({createTableMs:0,deleteTableMs:0,updateTableMs:0}).listen(" + port + ",'127.0.0.1')";
            Process node = new ProcessBuilder("node", "-e", script).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("dynalite.log").toFile()).start();
            DynaliteProcess dynalite = new DynaliteProcess(node, port);
            Instant end = Instant.now().plus(Duration.ofSeconds(30));
            while (!dynalite.listening()) {
                if (!node.isAlive()) {
                    throw new Unavailable("dynalite exited with " + node.exitValue() + ": " + tail(work.resolve("dynalite.log")));
                }
                if (Instant.now().isAfter(end)) {
                    dynalite.close();
                    throw new Unavailable("dynalite did not listen on port " + port + " within 30 s");
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            return dynalite;
        } catch (IOException e) {
            throw new Unavailable("could not install or start dynalite: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while installing dynalite");
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Why dynalite cannot run on this machine. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
