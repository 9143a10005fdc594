package io.mqlengine.emulator.dynamodb.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** A group of cases from one file, with the tables its cases share (created once per backend, emptied before each case). */
record CaseFile(String file, String description, Map<String, ObjectNode> tables, List<Case> cases) {
}
