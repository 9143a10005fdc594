package io.mqlengine.console;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.mqlengine.config.Env;
import io.mqlengine.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /console} and {@code /console/{file}}: the console's static page, its styles and modules, from the
 * functions jar ({@link ConsoleFiles}), and {@code /console/config.json}, the region the page signs its calls for.
 * None of it holds data: the page reads everything through the IAM-authorised API, signed in the browser.
 */
public final class ConsoleHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /**
     * The page's own modules and styles only, data only from its own origin, and never framed: a lead's traits come
     * from website visitors, so no script may run but ours.
     */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleFiles files;
    private final byte[] config;

    public ConsoleHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    public ConsoleHandler(Map<String, String> env, Clock clock) {
        this(new ConsoleFiles(), new Env(env).required("AWS_REGION", "the region the console signs its calls for"));
    }

    ConsoleHandler(ConsoleFiles files, String region) {
        this.files = files;
        this.config = Json.object().put("region", region).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> headers = lowerCase(event.getHeaders());
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null ? "GET"
                : event.getRequestContext().getHttp().getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return text(405, "the console answers GET");
        }
        String proxy = event.getPathParameters() == null ? null : event.getPathParameters().get("proxy");
        String name = proxy == null || proxy.isEmpty() ? "index.html" : proxy;
        Optional<ConsoleFiles.File> file = name.equals("config.json")
                ? Optional.of(ConsoleFiles.File.of("application/json", config)) : files.get(name);
        if (file.isEmpty()) {
            return text(404, "no console file " + name);
        }
        ConsoleFiles.File f = file.get();
        Map<String, String> out = new HashMap<>();
        out.put("content-type", f.contentType());
        out.put("etag", f.etag());
        // small files, revalidated each load: a deploy is seen at once, an unchanged file costs a 304
        out.put("cache-control", "no-cache");
        out.put("x-content-type-options", "nosniff");
        out.put("referrer-policy", "no-referrer");
        out.put("content-security-policy", POLICY);
        out.put("vary", "accept-encoding");
        if (f.etag().equals(headers.get("if-none-match"))) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(304).withHeaders(out).build();
        }
        String accept = headers.getOrDefault("accept-encoding", "");
        if (accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            out.put("content-encoding", "gzip");
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(out).withIsBase64Encoded(true)
                    .withBody(Base64.getEncoder().encodeToString(f.gzipped())).build();
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(out)
                .withBody(new String(f.body(), StandardCharsets.UTF_8)).build();
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> out = new HashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        }
        return out;
    }

    private static APIGatewayV2HTTPResponse text(int status, String message) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "text/plain; charset=utf-8", "x-content-type-options", "nosniff"))
                .withBody(message).build();
    }
}
