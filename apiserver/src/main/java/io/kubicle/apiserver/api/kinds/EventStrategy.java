package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** core/v1 Event: printEvent (wide, as the server prints; no Age column) and the event field selectors. */
public final class EventStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.str("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Columns.str("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Columns.str("Reason", "This should be a short, machine understandable string that gives the reason for the"
                    + " transition into the object's current status."),
            Columns.str("Object", "The object that this event is about."),
            Columns.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string"
                    + " should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."
                    + " For example, if the object reference is to a container within a pod, this would take on a value"
                    + " like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered"
                    + " the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in"
                    + " this pod). This syntax is chosen only to have some well-defined way of referencing a part of an"
                    + " object."),
            Columns.wide("Source", "The component reporting this event. Should be a short machine understandable string."),
            Columns.str("Message", "A human-readable description of the status of this operation."),
            Columns.wide("First Seen", "The time at which the event was first recorded. (Time of server receipt is in"
                    + " TypeMeta.)"),
            Columns.wide("Count", "The number of times this event has occurred."),
            new TableColumn("Name", "string", "name", Columns.NAME_DOC, 1));

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode event, Instant now) {
        Instant first = Printing.time(event, "firstTimestamp");
        String firstSeen = first != null ? Printing.since(first, now) : Printing.since(event, now, "eventTime");
        Instant last = Printing.time(event, "lastTimestamp");
        String lastSeen = last != null ? Printing.since(last, now) : firstSeen;
        long count = Json.num(event, "count");
        if (Json.present(event, "series")) {
            lastSeen = Printing.since(event, now, "series", "lastObservedTime");
            count = Json.num(event, "series", "count");
        } else if (count == 0) {
            count = 1;
        }
        JsonNode involved = event.path("involvedObject");
        String kind = Json.text(involved, "kind").toLowerCase(Locale.ROOT);
        String name = Json.text(involved, "name");
        String target = name.isEmpty() ? kind : kind + "/" + name;
        String component = first(Json.text(event, "source", "component"), Json.text(event, "reportingComponent"));
        String instance = first(Json.text(event, "source", "host"), Json.text(event, "reportingInstance"));
        String source = instance.isEmpty() ? component : component + ", " + instance;
        return List.of(lastSeen, Json.text(event, "type"), Json.text(event, "reason"), target,
                Json.text(involved, "fieldPath"), source, Json.text(event, "message").strip(), firstSeen, count,
                Printing.name(event));
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    @Override
    public String fieldValue(ObjectNode event, String field) {
        JsonNode involved = event.path("involvedObject");
        return switch (field) {
            case "involvedObject.kind" -> Json.text(involved, "kind");
            case "involvedObject.namespace" -> Json.text(involved, "namespace");
            case "involvedObject.name" -> Json.text(involved, "name");
            case "involvedObject.uid" -> Json.text(involved, "uid");
            case "involvedObject.apiVersion" -> Json.text(involved, "apiVersion");
            case "involvedObject.resourceVersion" -> Json.text(involved, "resourceVersion");
            case "involvedObject.fieldPath" -> Json.text(involved, "fieldPath");
            case "reason" -> Json.text(event, "reason");
            case "reportingComponent" -> Json.text(event, "reportingComponent");
            case "source" -> first(Json.text(event, "source", "component"), Json.text(event, "reportingComponent"));
            case "type" -> Json.text(event, "type");
            default -> null;
        };
    }
}
