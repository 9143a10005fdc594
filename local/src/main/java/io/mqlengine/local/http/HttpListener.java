package io.mqlengine.local.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Accepts connections on the API port and serves each on a thread of its own, so a client that stalls holds only
 * its own connection, and only until {@link HttpLimits} say it has waited long enough. Each request is read whole
 * (head and body) before the handler sees it.
 */
final class HttpListener implements AutoCloseable {
    /** Answers one complete request; never throws. */
    interface Handler {
        HttpResponses.Response handle(ApiRequest request);
    }

    private static final long LINGER_MILLIS = 2_000;
    private static final int LINGER_BYTES = 1 << 20;

    private final ServerSocket server;
    private final HttpLimits limits;
    private final Handler handler;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon("twin-http"));
    private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, daemon("twin-http-watchdog"));
    private volatile boolean closed;

    HttpListener(ServerSocket server, HttpLimits limits, Handler handler) {
        this.server = server;
        this.limits = limits;
        this.handler = handler;
        watchdog.setRemoveOnCancelPolicy(true); // one cut-off is scheduled and cancelled per response
    }

    /** Binds the loopback {@code port} (0 picks a free one) without accepting yet. */
    static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void start() {
        Thread acceptor = daemon("twin-http-accept").newThread(this::accept);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed || server.isClosed()) {
                    return;
                }
                // out of file descriptors, most likely: wait for connections to close rather than spin
                System.err.println("[http] accept failed: " + e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            if (open.incrementAndGet() > limits.maxConnections()) {
                open.decrementAndGet();
                refuseBusy(socket);
                continue;
            }
            sockets.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                forget(socket);
                quietlyClose(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true); // without it, small responses wait for the client's delayed ACK: +40 ms each
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            RequestReader reader = new RequestReader(socket, out, limits);
            while (!closed) {
                Optional<ApiRequest> request;
                try {
                    request = reader.next();
                } catch (RequestReader.Refused refused) {
                    HttpResponses.Response answer = HttpResponses.json(refused.status(), Map.of("message", refused.getMessage()))
                            .plus(Map.of("apigw-requestid", HttpEvents.requestId()));
                    write(socket, out, answer, false, false);
                    lingerAndClose(socket);
                    return;
                }
                if (request.isEmpty()) {
                    return;
                }
                boolean keepAlive = request.get().keepAlive();
                HttpResponses.Response response = handler.handle(request.get());
                write(socket, out, response, request.get().method().equalsIgnoreCase("HEAD"), keepAlive);
                if (!keepAlive) {
                    socket.shutdownOutput();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the watchdog closed a response nobody read; nothing is left to answer
        } finally {
            forget(socket);
            quietlyClose(socket);
        }
    }

    /** Writes a response; a client that stops reading it is cut off after the request timeout. */
    private void write(Socket socket, OutputStream out, HttpResponses.Response response, boolean head, boolean keepAlive)
            throws IOException {
        ScheduledFuture<?> cutOff = watchdog.schedule(() -> quietlyClose(socket), limits.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            HttpResponses.write(out, response, head, keepAlive);
            out.flush();
        } finally {
            cutOff.cancel(false);
        }
    }

    /**
     * Closes after an error answer without losing it: closing with unread request bytes would send a reset that can
     * discard the answer at the client, so the rest of the request is read and dropped for a bounded time first.
     */
    private static void lingerAndClose(Socket socket) {
        try {
            socket.shutdownOutput();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[8192];
            int drained = 0;
            while (drained < LINGER_BYTES) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (IOException e) {
            // a timeout or a reset ends the lingering; the answer has been sent
        }
    }

    private void refuseBusy(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            HttpResponses.write(out, HttpResponses.json(503, Map.of("message", "Service Unavailable: more than "
                    + limits.maxConnections() + " open connections")), false, false);
            out.flush();
        } catch (IOException e) {
            // the client went away first
        }
    }

    private void forget(Socket socket) {
        if (sockets.remove(socket)) {
            open.decrementAndGet();
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(HttpListener::quietlyClose);
        connections.shutdownNow();
        watchdog.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
