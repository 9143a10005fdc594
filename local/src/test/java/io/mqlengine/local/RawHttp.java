package io.mqlengine.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes requests byte by byte as a test needs them (partial, stalled, oversized) and reads answers
 * off the socket, so the tests see exactly what the twin's HTTP API sends.
 */
final class RawHttp implements AutoCloseable {
    /** A status line, headers by lower-case name (last wins), and the body as text. */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    final Socket socket;

    RawHttp(String apiUrl) throws IOException {
        URI uri = URI.create(apiUrl);
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(15_000);
    }

    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one answer (Content-Length framed), waiting at most {@code timeout}. */
    Answer answer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed before an answer");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server has closed its side: a read ends the stream within {@code timeout}. */
    boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** True while the server keeps the connection open without answering (checked without waiting long). */
    boolean openAndSilent() throws IOException {
        socket.setSoTimeout(1);
        try {
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** A request head with {@code extra} header fields named x-h-0, x-h-1, ... after Host and Connection. */
    static String headWithFields(String method, String path, int extra) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: twin\r\nConnection: close\r\n");
        for (int i = 0; i < extra; i++) {
            head.append("X-H-").append(i).append(": v").append(i).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
