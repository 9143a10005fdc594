package io.mqlengine.local.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free local ports for the emulators and, with --port 0, the API. */
public final class Ports {
  private Ports() {}

  /** {@code port} when nothing listens on it; otherwise an error naming the flag that chooses it. */
  public static int available(int port, String flag) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return port;
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " is in use; choose another with " + flag + " (0 picks a free one)");
    }
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
