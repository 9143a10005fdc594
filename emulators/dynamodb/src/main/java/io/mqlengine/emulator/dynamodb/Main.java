package io.mqlengine.emulator.dynamodb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own: {@code java -cp mql-emulator-dynamodb.jar:jackson...
 * io.mqlengine.emulator.dynamodb.Main [--port 8000] [--data-dir DIR]}. Prints one line with the endpoint
 * when ready; stops on SIGINT or SIGTERM, writing a final snapshot.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        DynamoDbEmulator.Builder builder = DynamoDbEmulator.builder().port(8000);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i)));
                case "--data-dir" -> builder.dataDir(Path.of(value(args, ++i)));
                case "--host" -> builder.host(value(args, ++i));
                default -> {
                    System.err.println("unknown argument " + args[i] + "\nusage: Main [--port 8000] [--host 127.0.0.1] [--data-dir DIR]");
                    System.exit(2);
                }
            }
        }
        DynamoDbEmulator emulator = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("{\"ready\":true,\"endpoint\":\"" + emulator.endpoint() + "\"}");
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
