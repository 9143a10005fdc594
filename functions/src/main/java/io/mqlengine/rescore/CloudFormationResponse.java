package io.mqlengine.rescore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The answer to a CloudFormation custom resource request: a PUT of the result to its pre-signed ResponseURL. */
final class CloudFormationResponse {
    private CloudFormationResponse() {
    }

    static void send(Map<String, Object> request, boolean success, String reason) {
        ObjectNode body = Json.object();
        body.put("Status", success ? "SUCCESS" : "FAILED");
        body.put("Reason", reason);
        Object physical = request.get("PhysicalResourceId");
        body.put("PhysicalResourceId", physical == null ? "model-rescore" : physical.toString());
        body.put("StackId", String.valueOf(request.get("StackId")));
        body.put("RequestId", String.valueOf(request.get("RequestId")));
        body.put("LogicalResourceId", String.valueOf(request.get("LogicalResourceId")));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(String.valueOf(request.get("ResponseURL"))).toURL()
                    .openConnection();
            c.setRequestMethod("PUT");
            c.setDoOutput(true);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(10_000);
            // the URL is pre-signed without a content type: sending one would break its signature
            c.setRequestProperty("Content-Type", "");
            c.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
            int status = c.getResponseCode();
            if (status / 100 != 2) {
                throw new IOException("CloudFormation's response URL answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
