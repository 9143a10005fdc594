package io.mqlengine.local.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A connection's bytes, buffered, read within {@link HttpLimits}' timeouts: idle between requests, per read, and the
 * whole request's deadline. A read past a limit, or a line too long, is {@link RequestReader.Refused}.
 */
final class TimedInput {
    static final int BUFFER_BYTES = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final HttpLimits limits;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int pos;
    private int end;
    private long deadline;

    TimedInput(Socket socket, HttpLimits limits) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.limits = limits;
    }

    /** Whether a request begins: false when the client closed the connection or left it idle past the idle timeout. */
    boolean awaitFirstByte() throws IOException {
        if (pos < end) {
            return true;
        }
        socket.setSoTimeout(timeoutMillis(limits.idleTimeout().toNanos()));
        try {
            int n = in.read(buffer);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        } catch (SocketTimeoutException idle) {
            return false;
        }
    }

    /** Starts the request timeout: the whole request must arrive before it. */
    void startRequest() {
        deadline = System.nanoTime() + limits.requestTimeout().toNanos();
    }

    /** Copies {@code length} bytes as they arrive, so a body that is announced but never sent costs no memory. */
    void copy(long length, ByteArrayOutputStream sink) throws IOException, RequestReader.Refused {
        long left = length;
        while (left > 0) {
            if (pos == end) {
                fill();
            }
            int n = (int) Math.min(left, end - pos);
            sink.write(buffer, pos, n);
            pos += n;
            left -= n;
        }
    }

    /** One line without its CRLF (a bare LF also ends a line); longer than {@code max} bytes is refused. */
    String line(int max, int status, String tooLong) throws IOException, RequestReader.Refused {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos == end) {
                fill();
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw new RequestReader.Refused(status, tooLong);
            }
            line.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException, RequestReader.Refused {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new RequestReader.Refused(408, "Request Timeout: the request did not arrive within "
                    + limits.requestTimeout().toMillis() + " ms");
        }
        boolean lastRead = left <= limits.readTimeout().toNanos();
        socket.setSoTimeout(timeoutMillis(Math.min(left, limits.readTimeout().toNanos())));
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw new RequestReader.Refused(408, lastRead
                    ? "Request Timeout: the request did not arrive within " + limits.requestTimeout().toMillis() + " ms"
                    : "Request Timeout: no data for " + limits.readTimeout().toMillis() + " ms in the middle of a request");
        }
        if (n < 0) {
            throw new EOFException("the client closed the connection in the middle of a request");
        }
        pos = 0;
        end = n;
    }

    private static int timeoutMillis(long nanos) {
        // rounded up: a read must not give up before its deadline
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }
}
