package io.mqlengine.local.plan;

/** An EventBridge event bus of the template, served by the twin's EventBridge emulator. */
public record BusPlan(String logicalId, String name, String arn) {}
