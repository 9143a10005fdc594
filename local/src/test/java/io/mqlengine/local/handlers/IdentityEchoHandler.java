package io.mqlengine.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Echoes the route, parameters, body and caller identity of the HTTP API event, as a lead API handler reads them. */
public final class IdentityEchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public IdentityEchoHandler(Map<String, String> env, Clock clock) {
        // The constructor the twin requires; this handler needs neither.
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("routeKey", event.getRouteKey());
        echo.put("method", event.getRequestContext().getHttp().getMethod());
        echo.put("rawPath", event.getRawPath());
        echo.put("rawQueryString", event.getRawQueryString());
        echo.put("queryStringParameters", event.getQueryStringParameters());
        echo.put("pathParameters", event.getPathParameters());
        echo.put("body", event.getBody());
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = event.getRequestContext().getAuthorizer();
        if (authorizer != null && authorizer.getIam() != null) {
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = authorizer.getIam();
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("accessKey", iam.getAccessKey());
            identity.put("accountId", iam.getAccountId());
            identity.put("callerId", iam.getCallerId());
            identity.put("userArn", iam.getUserArn());
            identity.put("userId", iam.getUserId());
            echo.put("iam", identity);
        }
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        response.setHeaders(Map.of("content-type", "application/json"));
        response.setBody(TinyJson.write(echo));
        return response;
    }
}
