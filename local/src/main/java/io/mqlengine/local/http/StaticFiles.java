package io.mqlengine.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files the twin serves beside the API, from its own class path: the built tracking snippet at {@code /mql.js}
 * (from snippet/dist) and the demo site under {@code /demo/}, whose paths without a file extension all get the
 * demo's index.html, so that a page the demo reached by history.pushState survives a reload.
 */
final class StaticFiles {
    static final String SNIPPET_RESOURCE = "snippet/mql.min.js";
    private static final Pattern DEMO_FILE = Pattern.compile("/demo/([a-z0-9-]+\\.(html|css|js|svg))");
    private static final Map<String, Optional<File>> FILES = new ConcurrentHashMap<>();

    private record File(byte[] body, String etag) {}

    private StaticFiles() {}

    /** The answer for a GET or HEAD of a static path; empty for any other request, which goes to the routes. */
    static Optional<HttpResponses.Response> answer(String method, String path, String ifNoneMatch) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Optional.empty();
        }
        if (path.equals("/mql.js")) {
            // cacheable, though briefly: a site that loads it from the twin sees a rebuilt snippet within the hour
            return Optional.of(serve(SNIPPET_RESOURCE, "application/javascript; charset=utf-8", "public, max-age=3600",
                    ifNoneMatch).plus(Map.of("access-control-allow-origin", "*")));
        }
        if (path.equals("/demo")) {
            return Optional.of(new HttpResponses.Response(301, new ArrayList<>(List.of(Map.entry("location", "/demo/"))),
                    new byte[0]));
        }
        if (!path.startsWith("/demo/")) {
            return Optional.empty();
        }
        var file = DEMO_FILE.matcher(path);
        if (file.matches()) {
            return Optional.of(serve("demo/" + file.group(1), contentType(file.group(2)), "no-cache", ifNoneMatch));
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.contains(".")) {
            return Optional.of(HttpResponses.message(404, "Not Found"));
        }
        return Optional.of(serve("demo/index.html", "text/html; charset=utf-8", "no-cache", ifNoneMatch));
    }

    private static HttpResponses.Response serve(String resource, String contentType, String cacheControl,
            String ifNoneMatch) {
        Optional<File> file = FILES.computeIfAbsent(resource, StaticFiles::load);
        if (file.isEmpty()) {
            return HttpResponses.message(404, "Not Found");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("content-type", contentType),
                Map.entry("cache-control", cacheControl), Map.entry("etag", file.get().etag()),
                Map.entry("x-content-type-options", "nosniff")));
        if (file.get().etag().equals(ifNoneMatch)) {
            return new HttpResponses.Response(304, headers, new byte[0]);
        }
        return new HttpResponses.Response(200, headers, file.get().body());
    }

    private static Optional<File> load(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 32);
            return Optional.of(new File(body, "\"" + hash + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " from the class path", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String extension) {
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "application/javascript; charset=utf-8";
            default -> "image/svg+xml";
        };
    }
}
