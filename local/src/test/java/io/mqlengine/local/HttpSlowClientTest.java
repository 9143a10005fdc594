package io.mqlengine.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqlengine.local.clock.TwinClock;
import io.mqlengine.local.http.HttpApiGateway;
import io.mqlengine.local.http.HttpLimits;
import io.mqlengine.local.http.TestHooks;
import io.mqlengine.local.log.JsonLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stall or trickle: the HTTP API answers them 408 and closes their connections after the read or
 * request timeout, closes idle keep-alive connections, and answers 503 past the connection limit. The gateway runs
 * alone here, with timeouts short enough to wait for; its test hooks give a route that answers 200.
 */
class HttpSlowClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ = Duration.ofMillis(1000);
    private static final Duration REQUEST = Duration.ofMillis(2500);
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static final String STALLED_HEAD = "POST /_twin/clock HTTP/1.1\r\nHost: twin\r\nContent-Length: 1000\r\n\r\n"
            + "0123456789";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void gateway_shouldAnswer408AndClose_whenABodyStallsLongerThanTheReadTimeout() throws Exception {
        HttpApiGateway gateway = gateway(HttpLimits.DEFAULT.withTimeouts(IDLE, READ, REQUEST));
        RawHttp client = client(gateway).send(STALLED_HEAD);
        long started = System.nanoTime();

        RawHttp.Answer answer = client.answer(Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.status()).isEqualTo(408);
        assertThat(JSON.readTree(answer.body()).path("message").asText())
                .isEqualTo("Request Timeout: no data for 1000 ms in the middle of a request");
        assertThat(took).isBetween(READ.minusMillis(50), READ.plusSeconds(3));
        assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void gateway_shouldCloseEveryStalledConnectionAndServeOthers_whenManyClientsStall() throws Exception {
        HttpApiGateway gateway = gateway(HttpLimits.DEFAULT.withTimeouts(IDLE, READ, REQUEST));
        List<RawHttp> stalled = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stalled.add(client(gateway).send(STALLED_HEAD));
        }

        RawHttp.Answer normal = client(gateway).send("GET /_twin/clock HTTP/1.1\r\nHost: twin\r\n\r\n")
                .answer(READ.minusMillis(200));

        assertThat(normal.status()).isEqualTo(200);
        for (RawHttp client : stalled) {
            assertThat(client.answer(Duration.ofSeconds(5)).status()).isEqualTo(408);
            assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void gateway_shouldAnswer408_whenARequestTricklesInSlowerThanTheRequestTimeout() throws Exception {
        HttpApiGateway gateway = gateway(HttpLimits.DEFAULT.withTimeouts(IDLE, READ, REQUEST));
        RawHttp client = client(gateway).send("GET /_twin/clock HTTP/1.1\r\n");
        // one header byte every 100 ms: each read is well within the read timeout, the whole request never arrives
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        open.add(trickle::shutdownNow);
        trickle.scheduleAtFixedRate(() -> {
            try {
                client.send("x");
            } catch (Exception closed) {
                throw new IllegalStateException(closed);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();

        RawHttp.Answer answer = client.answer(Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.status()).isEqualTo(408);
        assertThat(JSON.readTree(answer.body()).path("message").asText())
                .isEqualTo("Request Timeout: the request did not arrive within 2500 ms");
        assertThat(took).isBetween(REQUEST.minusMillis(200), REQUEST.plusSeconds(3));
    }

    @Test
    void gateway_shouldCloseAKeepAliveConnectionQuietly_whenItIdlesPastTheIdleTimeout() throws Exception {
        HttpApiGateway gateway = gateway(HttpLimits.DEFAULT.withTimeouts(IDLE, READ, REQUEST));
        RawHttp client = client(gateway);
        RawHttp.Answer first = client.send("GET /_twin/clock HTTP/1.1\r\nHost: twin\r\n\r\n").answer(Duration.ofSeconds(5));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers()).containsEntry("connection", "keep-alive");
        assertThat(client.openAndSilent()).isTrue();
        assertThat(client.closedWithin(IDLE.plusSeconds(2))).as("closed, and without an answer").isTrue();
    }

    @Test
    void gateway_shouldAnswer503_whenMoreConnectionsAreOpenThanTheLimit() throws Exception {
        HttpApiGateway gateway = gateway(HttpLimits.DEFAULT.withMaxConnections(2));
        RawHttp first = client(gateway);
        RawHttp second = client(gateway);

        RawHttp.Answer third = client(gateway).answer(Duration.ofSeconds(5));

        assertThat(third.status()).isEqualTo(503);
        assertThat(JSON.readTree(third.body()).path("message").asText())
                .isEqualTo("Service Unavailable: more than 2 open connections");
        assertThat(first.send("GET /_twin/clock HTTP/1.1\r\nHost: twin\r\n\r\n").answer(Duration.ofSeconds(5)).status())
                .isEqualTo(200);
        assertThat(second.openAndSilent()).isTrue();
    }

    private HttpApiGateway gateway(HttpLimits limits) throws Exception {
        TwinClock clock = new TwinClock();
        TestHooks.Twin hooks = new TestHooks.Twin() {
            @Override
            public TwinClock clock() {
                return clock;
            }

            @Override
            public String fireSchedule(String logicalId) {
                return "ok";
            }

            @Override
            public boolean idle() {
                return true;
            }

            @Override
            public String waitingOn() {
                return null;
            }
        };
        HttpApiGateway gateway = new HttpApiGateway(HttpApiGateway.bind(0), limits, Optional.empty(), Map.of(), clock,
                new JsonLines(line -> { }), Optional.of(hooks));
        gateway.start();
        open.add(gateway);
        return gateway;
    }

    private RawHttp client(HttpApiGateway gateway) throws Exception {
        RawHttp client = new RawHttp(gateway.url());
        open.add(client);
        return client;
    }
}
