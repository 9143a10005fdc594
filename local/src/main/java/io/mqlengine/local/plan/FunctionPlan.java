package io.mqlengine.local.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A function: where its code is, how to construct its handler, and what triggers it. */
public record FunctionPlan(String logicalId, String name, String arn, String handlerClass, String handlerMethod,
        List<Path> classPath, String codeUriText, Map<String, String> environment, int timeoutSeconds, int memoryMb,
        int maxInstances, List<Trigger> triggers) {

    /** Where a refusal about this function's property points. */
    public String path(String property) {
        return "Resources." + logicalId + ".Properties." + property;
    }
}
