package io.mqlengine.local.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Free local ports for the emulators and, with --port 0, the API; and the check that chosen ports are free. */
public final class Ports {
    /** A port the twin was asked to use is taken; the message names the port and the flag that chose it. */
    public static final class Unavailable extends IllegalStateException {
        private final String flag;

        public Unavailable(String message) {
            this(message, null);
        }

        Unavailable(String message, String flag) {
            super(message);
            this.flag = flag;
        }

        /** The flag of the port that could not be bound; null when the error is not about one port. */
        public String flag() {
            return flag;
        }
    }

    private Ports() {}

    /** {@code port} when nothing listens on it; otherwise {@link Unavailable} naming the flag that chooses it. */
    public static int available(int port, String flag) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return port;
        } catch (IOException e) {
            throw unavailable(port, flag, e);
        }
    }

    /** The error for a port that could not be bound: in use, or refused for another reason (named). */
    public static Unavailable unavailable(int port, String flag, IOException cause) {
        String reason = String.valueOf(cause.getMessage());
        if (reason.toLowerCase(Locale.ROOT).contains("in use")) {
            return inUse(port, flag);
        }
        return new Unavailable("cannot listen on port " + port + " (" + flag + "): " + reason + "; choose another with "
                + flag + " N (0 picks a free one)", flag);
    }

    public static Unavailable inUse(int port, String flag) {
        return new Unavailable("port " + port + " (" + flag + ") is in use by another program; choose another with "
                + flag + " N (0 picks a free one)", flag);
    }

    /** Refuses two flags naming the same port (0, a free port, may repeat). Keys are flags, in the order given. */
    public static void requireDistinct(Map<String, Integer> portsByFlag) {
        Map<Integer, String> seen = new LinkedHashMap<>();
        portsByFlag.forEach((flag, port) -> {
            if (port != 0 && seen.containsKey(port)) {
                throw new Unavailable(seen.get(port) + " and " + flag + " both name port " + port + "; give each its own");
            }
            seen.put(port, flag);
        });
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
