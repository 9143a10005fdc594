package io.mqlengine.local.emulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The twin's S3 endpoint, in-process, for the event archive: path-style REST ({@code /bucket/key}) as the unmodified
 * SDK sends it with {@code forcePathStyle}. It answers PutObject (plain or {@code aws-chunked} bodies, the SDK's
 * default with checksums), GetObject, HeadObject and ListObjectsV2 (prefix, max-keys, start-after, continuation
 * token) on the template's buckets, and refuses anything else with {@code NotImplemented} naming the operation.
 * Objects are files under one directory per bucket; with a record file, each object written is also appended to it
 * (archive objects are gzip members, so the record stays one readable archive).
 */
public final class S3Emulator implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** Query parameters of the operations served; any other names a sub-resource (acl, tagging, uploads, ...). */
    private static final Set<String> LIST_PARAMETERS = Set.of("list-type", "prefix", "max-keys", "start-after",
            "continuation-token", "encoding-type", "fetch-owner");

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Path> buckets;
    private final Optional<Path> record;

    private S3Emulator(HttpServer server, ExecutorService threads, Map<String, Path> buckets, Optional<Path> record) {
        this.server = server;
        this.threads = threads;
        this.buckets = buckets;
        this.record = record;
    }

    /**
     * Serves {@code bucketNames}, each stored under {@code root/<name>} (kept from an earlier run when present), and
     * appends every object written to {@code record} when given.
     */
    public static S3Emulator start(int port, Path root, List<String> bucketNames, Optional<Path> record) throws IOException {
        Map<String, Path> buckets = new LinkedHashMap<>();
        for (String name : bucketNames) {
            buckets.put(name, Files.createDirectories(root.resolve(name)));
        }
        if (record.isPresent() && record.get().getParent() != null) {
            Files.createDirectories(record.get().toAbsolutePath().getParent());
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "s3-emulator-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        S3Emulator emulator = new S3Emulator(server, threads, Map.copyOf(buckets), record);
        server.createContext("/", emulator::handle);
        server.start();
        return emulator;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The directory holding a bucket's objects. */
    public Path bucketDirectory(String bucket) {
        return buckets.get(bucket);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            int slash = path.indexOf('/', 1);
            String bucket = path.length() <= 1 ? "" : slash < 0 ? path.substring(1) : path.substring(1, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            if (bucket.isEmpty()) {
                error(exchange, method, 501, "NotImplemented", "ListBuckets is not emulated by the local twin's S3 endpoint "
                        + "(its buckets come from the template)");
                return;
            }
            Path dir = buckets.get(bucket);
            if (dir == null) {
                error(exchange, method, 404, "NoSuchBucket", "bucket " + bucket + " is not a bucket of the template (the "
                        + "twin serves " + buckets.keySet() + ")");
                return;
            }
            if (key.isEmpty()) {
                bucketRequest(exchange, method, query, bucket, dir);
            } else {
                objectRequest(exchange, method, query, key, dir);
            }
        } catch (RuntimeException e) {
            error(exchange, exchange.getRequestMethod(), 500, "InternalError", String.valueOf(e));
        }
    }

    private void bucketRequest(HttpExchange exchange, String method, Map<String, String> query, String bucket, Path dir)
            throws IOException {
        if (method.equals("GET") && "2".equals(query.get("list-type")) && LIST_PARAMETERS.containsAll(query.keySet())) {
            if (query.containsKey("encoding-type") && !query.get("encoding-type").equals("url")) {
                error(exchange, method, 400, "InvalidArgument", "encoding-type must be url");
                return;
            }
            list(exchange, query, bucket, dir);
            return;
        }
        if (method.equals("HEAD") && query.isEmpty()) {
            send(exchange, method, 200, null, Map.of());
            return;
        }
        error(exchange, method, 501, "NotImplemented", operation(method, query, false) + " is not emulated by the local "
                + "twin's S3 endpoint (it serves PutObject, GetObject, HeadObject and ListObjectsV2 without delimiter)");
    }

    private void objectRequest(HttpExchange exchange, String method, Map<String, String> query, String key, Path dir)
            throws IOException {
        if (!query.isEmpty() && !(method.equals("GET") && query.keySet().equals(Set.of("x-id")))
                && !(method.equals("PUT") && query.keySet().equals(Set.of("x-id")))) {
            error(exchange, method, 501, "NotImplemented", operation(method, query, true) + " is not emulated by the local "
                    + "twin's S3 endpoint (it serves PutObject, GetObject, HeadObject and ListObjectsV2)");
            return;
        }
        Path file = objectFile(dir, key);
        if (file == null) {
            error(exchange, method, 400, "InvalidArgument", "object key " + key + " has an empty, '.' or '..' segment, "
                    + "which the twin's S3 endpoint does not store");
            return;
        }
        switch (method) {
            case "PUT" -> put(exchange, file);
            case "GET", "HEAD" -> get(exchange, method, file, key);
            default -> error(exchange, method, 501, "NotImplemented", operation(method, query, true)
                    + " is not emulated by the local twin's S3 endpoint (it serves PutObject, GetObject, HeadObject and "
                    + "ListObjectsV2)");
        }
    }

    private void put(HttpExchange exchange, Path file) throws IOException {
        if (exchange.getRequestHeaders().getFirst("x-amz-copy-source") != null) {
            error(exchange, "PUT", 501, "NotImplemented", "CopyObject is not emulated by the local twin's S3 endpoint");
            return;
        }
        byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            error(exchange, "PUT", 400, "EntityTooLarge", "the twin's S3 endpoint takes objects up to " + MAX_BODY + " bytes");
            return;
        }
        String sha = String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256"));
        String encoding = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        byte[] body;
        try {
            body = sha.startsWith("STREAMING-") || encoding.contains("aws-chunked") ? AwsChunked.decode(raw) : raw;
        } catch (IllegalArgumentException e) {
            error(exchange, "PUT", 400, "IncompleteBody", "the aws-chunked body is malformed: " + e.getMessage());
            return;
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".part");
        Files.write(temp, body);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        record.ifPresent(r -> append(r, body));
        send(exchange, "PUT", 200, null, Map.of("ETag", etag(body)));
    }

    private synchronized void append(Path to, byte[] body) {
        try {
            Files.write(to, body, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the record file " + to + ": " + e.getMessage(), e);
        }
    }

    private void get(HttpExchange exchange, String method, Path file, String key) throws IOException {
        if (!Files.isRegularFile(file)) {
            error(exchange, method, 404, "NoSuchKey", "no object " + key);
            return;
        }
        if (exchange.getRequestHeaders().getFirst("Range") != null) {
            error(exchange, method, 501, "NotImplemented", "ranged GetObject is not emulated by the local twin's S3 endpoint");
            return;
        }
        byte[] body = Files.readAllBytes(file);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", etag(body));
        headers.put("Last-Modified", HTTP_DATE.format(Files.getLastModifiedTime(file).toInstant()));
        headers.put("Content-Type", "application/octet-stream");
        send(exchange, method, 200, body, headers);
    }

    private void list(HttpExchange exchange, Map<String, String> query, String bucket, Path dir) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        int max;
        try {
            max = Math.max(0, Math.min(1000, Integer.parseInt(query.getOrDefault("max-keys", "1000"))));
        } catch (NumberFormatException e) {
            error(exchange, "GET", 400, "InvalidArgument", "max-keys must be a number");
            return;
        }
        String after = query.containsKey("continuation-token") ? query.get("continuation-token")
                : query.getOrDefault("start-after", "");
        List<String> keys;
        try (Stream<Path> walk = Files.walk(dir)) {
            keys = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".part"))
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix) && k.compareTo(after) > 0).sorted().toList();
        }
        List<String> page = keys.subList(0, Math.min(max, keys.size()));
        boolean truncated = keys.size() > page.size();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        tag(xml, "Name", bucket).append(tag(new StringBuilder(), "Prefix", prefix));
        tag(xml, "KeyCount", String.valueOf(page.size()));
        tag(xml, "MaxKeys", String.valueOf(max));
        tag(xml, "IsTruncated", String.valueOf(truncated));
        if (query.containsKey("continuation-token")) {
            tag(xml, "ContinuationToken", query.get("continuation-token"));
        }
        if (truncated) {
            tag(xml, "NextContinuationToken", page.get(page.size() - 1));
        }
        for (String k : page) {
            Path f = dir.resolve(k);
            xml.append("<Contents>");
            tag(xml, "Key", k);
            tag(xml, "LastModified", Files.getLastModifiedTime(f).toInstant().toString());
            tag(xml, "Size", String.valueOf(Files.size(f)));
            tag(xml, "StorageClass", "STANDARD");
            xml.append("</Contents>");
        }
        xml.append("</ListBucketResult>");
        send(exchange, "GET", 200, xml.toString().getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
    }

    /** The file of {@code key}, or null for a key that cannot be a path under the bucket's directory. */
    private static Path objectFile(Path dir, String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.endsWith(".part")) {
                return null;
            }
        }
        return dir.resolve(key);
    }

    private static String operation(String method, Map<String, String> query, boolean object) {
        String sub = query.keySet().stream().filter(k -> !k.equals("x-id")).findFirst().map(k -> "?" + k).orElse("");
        return method + (object ? " /bucket/key" : " /bucket") + sub;
    }

    private static StringBuilder tag(StringBuilder xml, String name, String value) {
        return xml.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String etag(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void error(HttpExchange exchange, String method, int status, String code, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
        send(exchange, method, status, xml.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
    }

    private static void send(HttpExchange exchange, String method, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("x-amz-request-id", UUID.randomUUID().toString().replace("-", ""));
        exchange.getResponseHeaders().set("Date", HTTP_DATE.format(Instant.now()));
        if (method.equalsIgnoreCase("HEAD")) {
            if (body != null) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body == null ? new byte[0] : body;
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Decodes an {@code aws-chunked} body: {@code hex-size[;chunk-signature=...]\r\n data \r\n}, up to a 0-size chunk. */
    static final class AwsChunked {
        private AwsChunked() {
        }

        static byte[] decode(byte[] raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
            int i = 0;
            while (true) {
                int eol = lineEnd(raw, i);
                String header = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
                int semi = header.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("chunk header '" + header + "' has no hex size");
                }
                i = eol + 2;
                if (size == 0) {
                    return out.toByteArray(); // trailers (checksums, signature) follow; the SDK computed them from this body
                }
                if (size < 0 || i + size > raw.length) {
                    throw new IllegalArgumentException("a chunk of " + size + " bytes runs past the body");
                }
                out.write(raw, i, size);
                i += size;
                if (i + 2 > raw.length || raw[i] != '\r' || raw[i + 1] != '\n') {
                    throw new IllegalArgumentException("a chunk does not end with CRLF");
                }
                i += 2;
            }
        }

        private static int lineEnd(byte[] raw, int from) {
            for (int i = from; i + 1 < raw.length; i++) {
                if (raw[i] == '\r' && raw[i + 1] == '\n') {
                    return i;
                }
            }
            throw new IllegalArgumentException("a chunk header is not terminated by CRLF");
        }
    }
}
