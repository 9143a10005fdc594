package io.mqlengine.local.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqlengine.local.template.Catalog;
import io.mqlengine.local.template.CatalogCheck;
import io.mqlengine.local.template.FunctionGlobals;
import io.mqlengine.local.template.Intrinsics;
import io.mqlengine.local.template.ParameterValues;
import io.mqlengine.local.template.PhysicalNames;
import io.mqlengine.local.template.Template;
import io.mqlengine.local.template.TemplateConditions;
import io.mqlengine.local.template.TemplateRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Resolves a checked template into a {@link TwinPlan}, refusing whatever the twin cannot honour. */
public final class Planner {
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String HTTP_API = "AWS::Serverless::HttpApi";

    private Planner() {}

    public static TwinPlan plan(Template declared, ParameterValues parameters, PhysicalNames.Endpoints endpoints) {
        Template template = TemplateConditions.apply(declared, parameters);
        CatalogCheck.check(template);
        PhysicalNames names = new PhysicalNames(template, endpoints);
        Intrinsics intrinsics = new Intrinsics(parameters, names);
        names.bind(intrinsics);
        NotEmulatedReport report = new NotEmulatedReport();
        StoragePlanner storage = new StoragePlanner(names);
        MonitoringPlanner monitoring = new MonitoringPlanner(names, report);
        EventsPlanner events = new EventsPlanner(names);
        ObjectNode globals = template.section("Globals");

        Map<String, TablePlan> tables = new LinkedHashMap<>();
        Map<String, QueuePlan> queues = new LinkedHashMap<>();
        Map<String, String> buckets = new LinkedHashMap<>();
        Map<String, Path> layers = new LinkedHashMap<>();
        List<AlarmPlan> alarms = new ArrayList<>();
        Map<String, BusPlan> buses = new LinkedHashMap<>();
        List<RulePlan> rules = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            String type = template.typeOf(id);
            ObjectNode raw = template.properties(id);
            Props p = props(intrinsics, raw, id);
            switch (type) {
                case "AWS::DynamoDB::Table" -> tables.put(id, storage.table(id, p));
                case "AWS::SQS::Queue" -> queues.put(id, storage.queue(id, p));
                case "AWS::S3::Bucket" -> buckets.put(id, bucket(names, id, p));
                case "Custom::ModelRescore" -> rescore(names, id, p);
                case "AWS::Serverless::LayerVersion" -> layers.put(id, layer(template.directory(), p));
                case "AWS::CloudWatch::Alarm" -> monitoring.alarm(id, p).ifPresent(alarms::add);
                case "AWS::Logs::LogGroup" -> monitoring.logGroup(id, p);
                case "AWS::SNS::Topic" -> monitoring.topic(p);
                case "AWS::Events::EventBus" -> buses.put(id, events.bus(id, p));
                case "AWS::Events::Rule" -> rules.add(events.rule(id, p));
                case "AWS::SQS::QueuePolicy" -> events.queuePolicy(id, p);
                case "AWS::Lambda::Permission" -> events.permission(id, p);
                default -> { }
            }
            if (!type.equals(FUNCTION) && !type.equals(HTTP_API)) {
                report.fromCatalog(Catalog.resource(type).orElseThrow(), id, raw);
            }
        });

        List<String> apis = names.ofType(HTTP_API);
        if (apis.size() > 1) {
            throw new TemplateRefusal("Resources." + apis.get(1), "the local twin serves one HttpApi on --port; the template has " + apis);
        }
        String apiId = names.apiId(apis.isEmpty() ? "ServerlessHttpApi" : apis.get(0));
        FunctionPlanner functionPlanner = new FunctionPlanner(template.directory(), names, layers,
                new TriggerPlanner(names, queues, apiId), report);
        Map<String, FunctionPlan> functions = new LinkedHashMap<>();
        for (String id : names.ofType(FUNCTION)) {
            ObjectNode raw = FunctionGlobals.merge(globals.get("Function"), template.properties(id));
            report.fromCatalog(Catalog.resource(FUNCTION).orElseThrow(), id, raw);
            raw.path("Events").forEach(e -> report.fromCatalog(Catalog.event(e.path("Type").asText()).orElseThrow(), id,
                    e.path("Properties")));
            boolean codeFromGlobals = FunctionGlobals.fromGlobals(globals.get("Function"), template.properties(id), "CodeUri");
            functions.put(id, functionPlanner.plan(id, props(intrinsics, raw, id), codeFromGlobals));
        }

        List<HttpApiPlan.Route> routes = new ArrayList<>();
        Set<String> routeKeys = new HashSet<>();
        for (FunctionPlan f : functions.values()) {
            for (Trigger t : f.triggers()) {
                if (t instanceof Trigger.Http http) {
                    if (!routeKeys.add(http.route().routeKey())) {
                        throw new TemplateRefusal(f.path("Events." + t.eventName()), "route " + http.route().routeKey() + " is declared twice");
                    }
                    routes.add(http.route());
                }
            }
        }
        Optional<HttpApiPlan> api = Optional.empty();
        if (!apis.isEmpty()) {
            String id = apis.get(0);
            ObjectNode raw = FunctionGlobals.merge(globals.get("HttpApi"), template.properties(id));
            report.fromCatalog(Catalog.resource(HTTP_API).orElseThrow(), id, raw);
            api = Optional.of(ApiPlanner.api(id, apiId, props(intrinsics, raw, id), raw, List.copyOf(routes)));
        } else if (!routes.isEmpty()) {
            api = Optional.of(ApiPlanner.implicit(apiId, globals.get("HttpApi"), List.copyOf(routes)));
        }

        Map<String, String> outputs = new LinkedHashMap<>();
        template.section("Outputs").fields().forEachRemaining(e -> {
            outputs.put(e.getKey(), intrinsics.text(e.getValue().get("Value"), "Outputs." + e.getKey() + ".Value"));
            if (e.getValue().has("Export")) {
                report.add("Outputs.Export", "there are no other stacks locally to import it", e.getKey());
            }
        });
        Optional<String> writeKey = parameters.has("WriteKeys")
                ? Optional.of(parameters.text("WriteKeys").split(",")[0].trim()) : Optional.empty();
        return new TwinPlan(tables, queues, functions, api, List.copyOf(alarms), report.list(), outputs, writeKey, buses,
                List.copyOf(rules), buckets);
    }

    private static Props props(Intrinsics intrinsics, JsonNode raw, String id) {
        String path = "Resources." + id + ".Properties";
        return Props.of(intrinsics.resolve(raw, path), path);
    }

    /** A bucket's physical name; the properties the twin does not emulate are refused by the catalog check. */
    private static String bucket(PhysicalNames names, String id, Props p) {
        p.accept("BucketName", "BucketEncryption", "PublicAccessBlockConfiguration", "OwnershipControls",
                "LifecycleConfiguration", "Tags");
        p.refuseUnread();
        return names.bucketName(id);
    }

    private static void rescore(PhysicalNames names, String id, Props p) {
        String token = p.string("ServiceToken");
        if (names.functionByArn(token).isEmpty()) {
            throw new TemplateRefusal(p.path("ServiceToken"), token + " is not the ARN of a function of this template");
        }
        p.accept("ModelLayer");
        p.refuseUnread();
    }

    private static Path layer(Path templateDir, Props p) {
        String content = p.string("ContentUri");
        Path dir = templateDir.resolve(content).normalize();
        if (!Files.isDirectory(dir)) {
            throw new TemplateRefusal(p.path("ContentUri"), content + " is not a directory (the twin mounts local directories at /opt)");
        }
        p.accept("LayerName", "Description", "CompatibleRuntimes", "CompatibleArchitectures", "RetentionPolicy", "LicenseInfo");
        p.refuseUnread();
        return dir;
    }
}
