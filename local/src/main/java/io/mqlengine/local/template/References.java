package io.mqlengine.local.template;

import com.fasterxml.jackson.databind.JsonNode;

/** What {@code Ref} and {@code Fn::GetAtt} of a template resource yield on the twin. */
public interface References {
    boolean isResource(String logicalId);

    JsonNode ref(String logicalId, String path);

    JsonNode getAtt(String logicalId, String attribute, String path);
}
