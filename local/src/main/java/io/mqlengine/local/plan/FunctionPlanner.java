package io.mqlengine.local.plan;

import io.mqlengine.local.emulators.TwinCredentials;
import io.mqlengine.local.template.Intrinsics;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.TemplateRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Turns an AWS::Serverless::Function (Globals merged, intrinsics resolved) into a {@link FunctionPlan}. */
final class FunctionPlanner {
    /** The instances a function may have at once unless ReservedConcurrentExecutions says fewer. */
    static final int MAX_INSTANCES = 4;
    private static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");
    private static final String JAVA_NAME = "[A-Za-z_$][A-Za-z0-9_$]*";

    private final Path templateDir;
    private final PhysicalNames names;
    private final Map<String, Path> layers;
    private final TriggerPlanner triggers;
    private final NotEmulatedReport report;

    FunctionPlanner(Path templateDir, PhysicalNames names, Map<String, Path> layers, TriggerPlanner triggers,
            NotEmulatedReport report) {
        this.templateDir = templateDir;
        this.names = names;
        this.layers = layers;
        this.triggers = triggers;
        this.report = report;
    }

    FunctionPlan plan(String id, Props p, boolean codeUriFromGlobals) {
        String handler = p.string("Handler");
        if (!handler.matches(JAVA_NAME + "(\\." + JAVA_NAME + ")*(::" + JAVA_NAME + ")?")) {
            throw new TemplateRefusal(p.path("Handler"), "expected package.Class::method, got " + handler);
        }
        String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        String codeUriText = p.optString("CodeUri").orElseThrow(() -> new TemplateRefusal(p.path("CodeUri"),
                "required (a jar or a directory)"));
        Path code = templateDir.resolve(codeUriText).normalize();
        String from = codeUriFromGlobals ? " (from Globals.Function)" : "";
        if (!Files.isDirectory(code) && !(Files.isRegularFile(code) && code.toString().endsWith(".jar"))) {
            throw new TemplateRefusal(p.path("CodeUri"), codeUriText + from + (Files.exists(code)
                    ? " is neither a jar nor a directory" : " does not exist (build it first, e.g. mvn package)"));
        }
        String runtime = p.optString("Runtime").orElseThrow(() -> new TemplateRefusal(p.path("Runtime"), "required"));
        if (!runtime.startsWith("java")) {
            throw new TemplateRefusal(p.path("Runtime"), "the local twin runs Java functions only, not " + runtime);
        }
        p.requireOneOf("Architectures", Set.of("x86_64", "arm64"));
        p.requireOneOf("Tracing", Set.of("Active", "PassThrough", "Disabled"));
        if (p.has("SnapStart")) {
            Props snap = p.object("SnapStart");
            snap.requireOneOf("ApplyOn", Set.of("PublishedVersions", "None"));
            snap.refuseUnread();
        }
        p.optString("AutoPublishAlias").filter(a -> !a.matches("[A-Za-z0-9_-]+")).ifPresent(a -> {
            throw new TemplateRefusal(p.path("AutoPublishAlias"), "'" + a + "' is not a valid alias name");
        });
        PolicyCheck.check(p.raw("Policies"), p.path("Policies"), names);
        p.accept("FunctionName", "Description", "Role", "Tags", "LoggingConfig", "EphemeralStorage",
                "ProvisionedConcurrencyConfig", "RuntimeManagementConfig");
        int timeout = p.integer("Timeout", 3, 1, 900);
        int memory = p.integer("MemorySize", 128, 128, 10240);
        int reserved = p.integer("ReservedConcurrentExecutions", MAX_INSTANCES, 0, 1000);
        if (reserved == 0) {
            throw new TemplateRefusal(p.path("ReservedConcurrentExecutions"), "0 throttles every invocation; not emulated");
        }
        List<Path> layerDirs = new ArrayList<>();
        for (String arn : p.strings("Layers")) {
            String layer = names.layerByArn(arn).orElseThrow(() -> new TemplateRefusal(p.path("Layers"),
                    arn + " is not a LayerVersion of this template; the twin mounts local layers only"));
            layerDirs.add(layers.get(layer));
        }
        Map<String, String> env = environment(id, p, layerDirs);
        String name = names.functionName(id);
        env.putAll(runtimeEnvironment(name, memory, runtime, code, handler));
        List<Trigger> planned = new ArrayList<>();
        Props events = p.object("Events");
        p.raw("Events").fieldNames().forEachRemaining(event -> {
            Props e = events.object(event);
            String type = e.string("Type");
            planned.add(triggers.plan(id, event, type, e.object("Properties"), timeout));
            e.refuseUnread();
        });
        p.refuseUnread();
        List<Path> classPath = new ArrayList<>();
        classPath.add(code);
        layerDirs.forEach(dir -> classPath.addAll(layerJars(dir)));
        return new FunctionPlan(id, name, names.functionArn(id), handlerClass, method, List.copyOf(classPath), codeUriText,
                Map.copyOf(env), timeout, memory, Math.min(MAX_INSTANCES, reserved), List.copyOf(planned));
    }

    private Map<String, String> environment(String id, Props p, List<Path> layerDirs) {
        Map<String, String> env = new LinkedHashMap<>();
        Props e = p.object("Environment");
        Props variables = e.object("Variables");
        e.refuseUnread();
        p.raw("Environment").path("Variables").fieldNames().forEachRemaining(key -> {
            String path = variables.path(key);
            if (RESERVED.contains(key)) {
                throw new TemplateRefusal(path, key + " is reserved by Lambda");
            }
            String value = variables.optString(key).orElse("");
            env.put(key, value.startsWith("/opt/") ? mounted(value, layerDirs, path) : value);
            if (key.equals("JAVA_TOOL_OPTIONS")) {
                report.add("Environment.Variables.JAVA_TOOL_OPTIONS", "handed to the handler's env map; JVM flags do not apply to the twin's JVM", id);
            }
        });
        variables.refuseUnread();
        return env;
    }

    /** Layers are 'mounted at /opt': a value under /opt/ becomes the path in the last layer that has it. */
    private static String mounted(String value, List<Path> layerDirs, String path) {
        String relative = value.substring("/opt/".length());
        for (int i = layerDirs.size() - 1; i >= 0; i--) {
            Path candidate = layerDirs.get(i).resolve(relative);
            if (Files.exists(candidate)) {
                return candidate.toString();
            }
        }
        throw new TemplateRefusal(path, value + " is in no layer of the function (layers are mounted at /opt)");
    }

    private Map<String, String> runtimeEnvironment(String name, int memory, String runtime, Path code, String handler) {
        PhysicalNames.Endpoints endpoints = names.endpoints();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", Intrinsics.REGION);
        env.put("AWS_DEFAULT_REGION", Intrinsics.REGION);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamodb());
        env.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs());
        env.put("AWS_ENDPOINT_URL_EVENTS", endpoints.events());
        // the name the SDKs and the AWS CLI derive from EventBridge's service id, which the project's AwsClients reads
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", endpoints.events());
        if (endpoints.s3() != null) {
            env.put("AWS_ENDPOINT_URL_S3", endpoints.s3());
        }
        env.put("AWS_ACCESS_KEY_ID", TwinCredentials.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", TwinCredentials.SECRET_ACCESS_KEY);
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memory));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime);
        env.put("LAMBDA_TASK_ROOT", code.toString());
        env.put("_HANDLER", handler);
        return env;
    }

    private static List<Path> layerJars(Path layer) {
        Path lib = layer.resolve("java").resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new TemplateRefusal(lib.toString(), "cannot list layer jars: " + e.getMessage());
        }
    }
}
