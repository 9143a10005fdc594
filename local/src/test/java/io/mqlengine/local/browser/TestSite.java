package io.mqlengine.local.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A customer's website on its own origin: every path is the test page (browser/site-body.html) with
 * the loader of snippet/loader.html pasted into its head, configured for the twin ({@code apiUrl}, the template's
 * default write key) and, from the page's query string, {@code consent=opt-in} and {@code dnt=1}; or a page of the
 * test's own, beside the files of a directory it serves (a third-party library's build, say).
 */
final class TestSite implements AutoCloseable {
    /** The configuration line of snippet/loader.html that a site owner edits. */
    static final String LOADER_CONFIG = "{writeKey:\"YOUR_WRITE_KEY\",apiUrl:\"https://YOUR_API.execute-api.REGION.amazonaws.com\"}";

    private final HttpServer server;
    private volatile String page = "";
    private volatile Path files;

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-site");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Builds the page for a twin at {@code apiUrl}. */
    void configure(String apiUrl) throws IOException {
        String loader = Files.readString(BrowserTwin.ROOT.resolve("snippet/loader.html"));
        if (!loader.contains(LOADER_CONFIG)) {
            throw new AssertionError("snippet/loader.html no longer holds the configuration " + LOADER_CONFIG
                    + "; update TestSite.LOADER_CONFIG with it");
        }
        String config = "{writeKey:\"demo-write-key\",apiUrl:\"" + apiUrl + "\","
                + "consent:new URLSearchParams(location.search).get(\"consent\")||\"opt-out\","
                + "dnt:new URLSearchParams(location.search).get(\"dnt\")===\"1\"}";
        String script = loader.substring(loader.indexOf("<script>"), loader.indexOf("</script>") + "</script>".length())
                .replace(LOADER_CONFIG, config);
        String body;
        try (InputStream in = TestSite.class.getResourceAsStream("/browser/site-body.html")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // with ?early=1 the page calls mql at once, while mql.js is still on its way: the loader's stub queues the call
        String early = "<script>if (location.search.indexOf('early=1') >= 0) mql.track('Called Early', {stub: !mql.v});</script>";
        page = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Test site</title>\n" + script
                + "\n" + early + "\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /**
     * Serves {@code html} on every path instead of the snippet's page, except where a path names a file in
     * {@code directory} (null: none), which is served as it is.
     */
    void usePage(String html, Path directory) {
        page = html;
        files = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    private void serve(HttpExchange exchange) throws IOException {
        Path file = file(exchange.getRequestURI().getPath());
        if (file != null) {
            serveFile(exchange, file);
            return;
        }
        try (exchange) {
            boolean isPage = !exchange.getRequestURI().getPath().equals("/favicon.ico");
            byte[] bytes = (isPage ? page : "not found").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", isPage ? "text/html; charset=utf-8" : "text/plain");
            exchange.getResponseHeaders().set("cache-control", "no-store");
            exchange.sendResponseHeaders(isPage ? 200 : 404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The file of the served directory that {@code path} names, or null. */
    private Path file(String path) {
        Path dir = files;
        if (dir == null || path.length() < 2) {
            return null;
        }
        Path file = dir.resolve(path.substring(1)).normalize();
        return file.startsWith(dir) && Files.isRegularFile(file) ? file : null;
    }

    private static void serveFile(HttpExchange exchange, Path file) throws IOException {
        try (exchange) {
            String name = file.getFileName().toString();
            String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : name.endsWith(".map") ? "application/json" : "application/octet-stream";
            exchange.getResponseHeaders().set("content-type", type);
            exchange.getResponseHeaders().set("cache-control", "no-store");
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
