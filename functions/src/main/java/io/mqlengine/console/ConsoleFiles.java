package io.mqlengine.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The console's files, packaged from the repository's console/ directory as {@code console/} on the class path; read
 * once each, with an ETag and a gzipped copy. Only names of the page's own kinds are looked up, so no other
 * resource of the jar can be asked for.
 */
final class ConsoleFiles {
    static final String DIR = "console/";
    private static final Pattern NAME = Pattern.compile("(?:[a-z0-9-]+/)?[a-z0-9-]+\\.(html|css|js|svg)");
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    /** A file's bytes, content type, ETag and gzipped bytes. */
    record File(String contentType, byte[] body, String etag, byte[] gzipped) {
        static File of(String contentType, byte[] body) {
            try {
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 32);
                ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                    gz.write(body);
                }
                return new File(contentType, body, "\"" + hash + "\"", out.toByteArray());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Optional<File> get(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, n -> load(n, contentType(m.group(1))));
    }

    private static Optional<File> load(String name, String contentType) {
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(DIR + name)) {
            return in == null ? Optional.empty() : Optional.of(File.of(contentType, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DIR + name + " from the class path", e);
        }
    }

    private static String contentType(String extension) {
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            default -> "image/svg+xml";
        };
    }
}
