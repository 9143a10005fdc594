package io.mqlengine.it;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small S3 endpoint in the test's JVM for the functions' tests (the twin's S3 endpoint lives in the local module,
 * which depends on this one): path-style PutObject (plain and aws-chunked bodies), GetObject and ListObjectsV2 of one
 * bucket, answered with S3's REST protocol so that the unmodified SDK talks to it. It can be told to answer PutObject
 * or GetObject with an S3 error ({@code SlowDown}, {@code InternalError}, ...), as S3 itself does when it fails.
 */
public final class S3Endpoint implements AutoCloseable {
    private final HttpServer server;
    private final String bucket;
    private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final AtomicInteger puts = new AtomicInteger();
    private volatile Failure putFailure;
    private volatile Failure getFailure;

    /** An S3 error answer: HTTP status and error code. */
    public record Failure(int status, String code) {
    }

    private S3Endpoint(HttpServer server, String bucket) {
        this.server = server;
        this.bucket = bucket;
    }

    /** Serves {@code bucket} on a free port of the loopback interface; every other bucket is NoSuchBucket. */
    public static S3Endpoint start(String bucket) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            S3Endpoint endpoint = new S3Endpoint(server, bucket);
            server.createContext("/", endpoint::handle);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment a function needs to reach this endpoint with the SDK (beside the emulators' variables). */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL_S3", endpoint());
    }

    /** Answers every PutObject with this error until {@link #heal()}. */
    public void failPuts(int status, String code) {
        putFailure = new Failure(status, code);
    }

    /** Answers every GetObject with this error until {@link #heal()}. */
    public void failGets(int status, String code) {
        getFailure = new Failure(status, code);
    }

    public void heal() {
        putFailure = null;
        getFailure = null;
    }

    /** PutObject requests received, failed ones (and the SDK's retries of them) included. */
    public int putAttempts() {
        return puts.get();
    }

    /** The objects stored, by key. */
    public Map<String, byte[]> objects() {
        return Map.copyOf(objects);
    }

    public void put(String key, byte[] body) {
        objects.put(key, body);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
            int slash = path.indexOf('/', 1);
            String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            String method = exchange.getRequestMethod();
            if (method.equals("PUT")) {
                puts.incrementAndGet();
            }
            if (!name.equals(bucket)) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
                return;
            }
            Failure failure = method.equals("PUT") ? putFailure : method.equals("GET") && !key.isEmpty() ? getFailure : null;
            if (failure != null) {
                error(exchange, failure.status(), failure.code(), "failing as the test asked");
                return;
            }
            if (method.equals("PUT") && !key.isEmpty()) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String sha = String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256"));
                String encoding = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                byte[] body = sha.startsWith("STREAMING-") || encoding.contains("aws-chunked") ? unchunk(raw) : raw;
                objects.put(key, body);
                send(exchange, 200, new byte[0], Map.of("ETag", "\"" + md5(body) + "\""));
            } else if (method.equals("GET") && !key.isEmpty()) {
                byte[] body = objects.get(key);
                if (body == null) {
                    error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                } else {
                    send(exchange, 200, body, Map.of("ETag", "\"" + md5(body) + "\"", "Content-Type", "application/octet-stream"));
                }
            } else if (method.equals("GET")) {
                list(exchange, query(exchange.getRequestURI().getRawQuery()).getOrDefault("prefix", ""));
            } else {
                error(exchange, 501, "NotImplemented", method + " " + path + " is not served by this test endpoint");
            }
        }
    }

    private void list(HttpExchange exchange, String prefix) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + bucket + "</Name><Prefix>"
                + prefix + "</Prefix><IsTruncated>false</IsTruncated>");
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                xml.append("<Contents><Key>").append(k).append("</Key><Size>").append(v.length)
                        .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }
        });
        xml.append("</ListBucketResult>");
        send(exchange, 200, xml.toString().getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
        exchange.getRequestBody().readAllBytes();
        send(exchange, status, xml.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
    }

    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("x-amz-request-id", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The data of an aws-chunked body ({@code hex-size[;chunk-signature=..]\r\n data \r\n} up to a 0-size chunk). */
    private static byte[] unchunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int i = 0;
        while (true) {
            int eol = i;
            while (raw[eol] != '\r' || raw[eol + 1] != '\n') {
                eol++;
            }
            String header = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
            int semi = header.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).trim(), 16);
            i = eol + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(raw, i, size);
            i += size + 2;
        }
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
