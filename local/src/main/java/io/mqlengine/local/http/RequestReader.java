package io.mqlengine.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HTTP/1.1 requests from one connection, head and whole body, within {@link HttpLimits}: no read may stall
 * longer than the read timeout and no request may take longer than the request timeout to arrive. A request that
 * breaks a limit or the protocol is {@link Refused} with the status to answer.
 */
final class RequestReader {
    /** A request that cannot be served as sent; the connection is answered with {@code status} and closed. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final int MAX_REQUEST_LINE = 8 * 1024;
    private static final int MAX_CHUNK_LINE = 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final TimedInput input;
    private final OutputStream out;
    private final HttpLimits limits;

    RequestReader(Socket socket, OutputStream out, HttpLimits limits) throws IOException {
        this.socket = socket;
        this.input = new TimedInput(socket, limits);
        this.out = out;
        this.limits = limits;
    }

    /** The next request, or empty when the client closed the connection or left it idle past the idle timeout. */
    Optional<ApiRequest> next() throws IOException, Refused {
        if (!input.awaitFirstByte()) {
            return Optional.empty();
        }
        input.startRequest();
        int maxLine = Math.min(MAX_REQUEST_LINE, limits.maxHeaderBytes());
        String tooLong = "URI Too Long: the request line is longer than " + maxLine + " bytes";
        String requestLine = input.line(maxLine, 414, tooLong);
        // a client may end a body with an extra CRLF; RFC 9112 lets a server skip a few empty lines before a request
        for (int skipped = 0; requestLine.isEmpty() && skipped < 4; skipped++) {
            requestLine = input.line(maxLine, 414, tooLong);
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new Refused(400, "Bad Request: malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new Refused(400, "Bad Request: unsupported protocol " + printable(parts[2]) + " (HTTP/1.1 or HTTP/1.0)");
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new Refused(400, "Bad Request: malformed request target");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            throw new Refused(400, "Bad Request: the request target has no path");
        }
        List<Map.Entry<String, String>> headers = headers(limits.maxHeaderBytes() - requestLine.length());
        ApiRequest head = new ApiRequest(parts[0], uri, parts[2], headers, new byte[0],
                (InetSocketAddress) socket.getRemoteSocketAddress(), (InetSocketAddress) socket.getLocalSocketAddress());
        byte[] body = body(head);
        return Optional.of(new ApiRequest(head.method(), uri, head.protocol(), headers, body, head.remote(), head.local()));
    }

    private List<Map.Entry<String, String>> headers(int budget) throws IOException, Refused {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String tooLarge = "Request Header Fields Too Large: the header section is larger than " + limits.maxHeaderBytes()
                + " bytes";
        int left = budget;
        while (true) {
            String field = input.line(left, 431, tooLarge);
            left -= field.length() + 2;
            if (field.isEmpty()) {
                return headers;
            }
            if (headers.size() == limits.maxHeaders()) {
                throw new Refused(431, "Request Header Fields Too Large: more than " + limits.maxHeaders() + " header fields");
            }
            int colon = field.indexOf(':');
            if (field.charAt(0) == ' ' || field.charAt(0) == '\t') {
                throw new Refused(400, "Bad Request: folded header lines are not allowed");
            }
            if (colon <= 0 || !isToken(field.substring(0, colon))) {
                throw new Refused(400, "Bad Request: malformed header field " + printable(field.substring(0,
                        Math.min(field.length(), 40))));
            }
            headers.add(Map.entry(field.substring(0, colon), field.substring(colon + 1).strip()));
        }
    }

    private byte[] body(ApiRequest head) throws IOException, Refused {
        Map<String, List<String>> byName = head.headersByName();
        List<String> lengths = byName.getOrDefault("content-length", List.of());
        List<String> codings = byName.getOrDefault("transfer-encoding", List.of());
        if (!lengths.isEmpty() && !codings.isEmpty()) {
            throw new Refused(400, "Bad Request: both Content-Length and Transfer-Encoding");
        }
        boolean chunked = false;
        long length = 0;
        if (!codings.isEmpty()) {
            if (!String.join(",", codings).strip().equalsIgnoreCase("chunked")) {
                throw new Refused(400, "Bad Request: unsupported Transfer-Encoding " + printable(String.join(",", codings))
                        + " (only chunked)");
            }
            chunked = true;
        } else if (!lengths.isEmpty()) {
            length = contentLength(lengths);
            if (length > limits.maxBodyBytes()) {
                throw new Refused(413, "Request Entity Too Large: the body is larger than " + limits.maxBodyBytes() + " bytes");
            }
        }
        String expect = head.header("Expect");
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                throw new Refused(417, "Expectation Failed: only Expect: 100-continue is understood");
            }
            if (head.protocol().equals("HTTP/1.1") && (chunked || length > 0)) {
                out.write(CONTINUE);
                out.flush();
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, TimedInput.BUFFER_BYTES));
        if (chunked) {
            chunkedBody(body);
        } else {
            input.copy(length, body);
        }
        return body.toByteArray();
    }

    private static long contentLength(List<String> values) throws Refused {
        String first = null;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String v = part.strip();
                if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')
                        || (first != null && !first.equals(v))) {
                    throw new Refused(400, "Bad Request: malformed Content-Length");
                }
                first = v;
            }
        }
        return Long.parseLong(first);
    }

    private void chunkedBody(ByteArrayOutputStream body) throws IOException, Refused {
        while (true) {
            String sizeLine = input.line(MAX_CHUNK_LINE, 400, "Bad Request: malformed chunk size");
            String hex = sizeLine.split(";", 2)[0].strip();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new Refused(400, "Bad Request: malformed chunk size");
            }
            if (size == 0) {
                int left = limits.maxHeaderBytes();
                for (String trailer = input.line(left, 431, "Request Header Fields Too Large: trailers too large");
                        !trailer.isEmpty(); trailer = input.line(left, 431, "Request Header Fields Too Large: trailers too large")) {
                    left -= trailer.length() + 2;
                }
                return;
            }
            if (body.size() + size > limits.maxBodyBytes()) {
                throw new Refused(413, "Request Entity Too Large: the body is larger than " + limits.maxBodyBytes() + " bytes");
            }
            input.copy(size, body);
            if (!input.line(2, 400, "Bad Request: malformed chunk").isEmpty()) {
                throw new Refused(400, "Bad Request: malformed chunk");
            }
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
