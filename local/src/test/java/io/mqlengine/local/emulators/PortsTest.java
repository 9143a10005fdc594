package io.mqlengine.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Busy ports name their flag, in the message for the person and in {@code flag()} for the twin's own retry. */
class PortsTest {

    @Test
    void available_shouldNameTheFlag_whenAnotherProgramListensOnThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Ports.Unavailable e = catchThrowableOfType(() -> Ports.available(taken.getLocalPort(), "--events-port"),
                    Ports.Unavailable.class);

            assertThat(e.flag()).isEqualTo("--events-port");
            assertThat(e).hasMessage("port " + taken.getLocalPort() + " (--events-port) is in use by another program; "
                    + "choose another with --events-port N (0 picks a free one)");
        }
    }

    @Test
    void requireDistinct_shouldNameNoSingleFlag_whenTwoFlagsNameOnePort() {
        Ports.Unavailable e = catchThrowableOfType(() -> Ports.requireDistinct(Map.of("--port", 9000, "--sqs-port", 9000)),
                Ports.Unavailable.class);

        assertThat(e.flag()).as("not one port's bind: the twin must not retry it").isNull();
        assertThat(e).hasMessageContaining("both name port 9000");
    }
}
