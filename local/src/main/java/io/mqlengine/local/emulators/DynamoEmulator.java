package io.mqlengine.local.emulators;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local in-process: in memory, or in files under a directory. One shared database for all credentials. */
public final class DynamoEmulator implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private DynamoEmulator(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static DynamoEmulator start(int port, Optional<Path> directory) throws Exception {
    List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-sharedDb", "-disableTelemetry"));
    if (directory.isPresent()) {
      Files.createDirectories(directory.get());
      args.addAll(List.of("-dbPath", directory.get().toString()));
    } else {
      args.add("-inMemory");
    }
    DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
    server.start();
    return new DynamoEmulator(server, port);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
