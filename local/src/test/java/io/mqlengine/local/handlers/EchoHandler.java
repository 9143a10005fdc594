package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Echoes the HTTP API event it received, so tests can check its shape. */
public final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Map<String, String> env;
    private final Clock clock;

    public EchoHandler(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getRawPath().equals("/fail")) {
            throw new IllegalStateException("asked to fail");
        }
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(event.getRawPath().equals("/v1/events") ? 202 : 200);
        if (event.getRawPath().equals("/binary")) {
            response.setHeaders(Map.of("content-type", "application/octet-stream"));
            response.setBody(java.util.Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}));
            response.setIsBase64Encoded(true);
            return response;
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", event.getRequestContext().getHttp().getMethod());
        http.put("path", event.getRequestContext().getHttp().getPath());
        http.put("protocol", event.getRequestContext().getHttp().getProtocol());
        http.put("sourceIp", event.getRequestContext().getHttp().getSourceIp());
        http.put("userAgent", event.getRequestContext().getHttp().getUserAgent());
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("http", http);
        requestContext.put("requestId", event.getRequestContext().getRequestId());
        requestContext.put("routeKey", event.getRequestContext().getRouteKey());
        requestContext.put("stage", event.getRequestContext().getStage());
        requestContext.put("time", event.getRequestContext().getTime());
        requestContext.put("timeEpoch", event.getRequestContext().getTimeEpoch());
        requestContext.put("accountId", event.getRequestContext().getAccountId());
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("version", event.getVersion());
        echo.put("routeKey", event.getRouteKey());
        echo.put("rawPath", event.getRawPath());
        echo.put("rawQueryString", event.getRawQueryString());
        echo.put("headers", event.getHeaders());
        echo.put("cookies", event.getCookies());
        echo.put("queryStringParameters", event.getQueryStringParameters());
        echo.put("pathParameters", event.getPathParameters());
        echo.put("body", event.getBody());
        echo.put("isBase64Encoded", event.getIsBase64Encoded());
        echo.put("requestContext", requestContext);
        echo.put("greeting", env.get("GREETING"));
        echo.put("functionName", context.getFunctionName());
        echo.put("remainingMs", context.getRemainingTimeInMillis());
        echo.put("clockMillis", clock.millis());
        response.setHeaders(Map.of("content-type", "application/json", "access-control-allow-origin", "https://evil.example"));
        response.setMultiValueHeaders(Map.of("x-multi", List.of("one", "two")));
        response.setCookies(List.of("session=abc; Path=/"));
        response.setBody(TinyJson.write(echo));
        return response;
    }
}
