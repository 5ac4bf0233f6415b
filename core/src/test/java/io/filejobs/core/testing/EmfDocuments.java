package io.filejobs.core.testing;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads Embedded Metric Format documents out of log lines and holds each to the format's rules, as
 * CloudWatch Logs applies them: {@code _aws} with a millisecond {@code Timestamp} and directives
 * naming a namespace, dimension sets (each key a string member of the document, at most 30) and
 * metrics (each a number, or a list of numbers, in the document, with a CloudWatch unit).
 */
public final class EmfDocuments {

    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
            "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
            "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    private EmfDocuments() {
    }

    /** The lines that are metric documents (a JSON object with {@code _aws}), each checked and parsed. */
    public static List<Map<String, Object>> of(List<String> lines) {
        JsonMapper json = JsonMapper.createDefault();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
                continue;
            }
            Map<String, Object> document;
            try {
                document = json.readValue(line, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + line, e);
            }
            if (document.containsKey("_aws")) {
                check(document, line);
                documents.add(document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> document, String line) {
        Map<String, Object> aws = (Map<String, Object>) document.get("_aws");
        require(aws.get("Timestamp") instanceof Number n && n.longValue() > 1_500_000_000_000L, "a Timestamp in milliseconds", line);
        List<Object> directives = (List<Object>) aws.get("CloudWatchMetrics");
        require(directives != null && !directives.isEmpty(), "CloudWatchMetrics", line);
        for (Object d : directives) {
            Map<String, Object> directive = (Map<String, Object>) d;
            require(directive.get("Namespace") instanceof String ns && !ns.isEmpty() && ns.length() <= 255, "a Namespace", line);
            List<List<Object>> dimensions = (List<List<Object>>) directive.get("Dimensions");
            require(dimensions != null, "Dimensions", line);
            for (List<Object> set : dimensions) {
                require(set.size() <= 30, "at most 30 dimensions in a set", line);
                for (Object key : set) {
                    require(document.get(key) instanceof String value && !value.isEmpty(), "dimension " + key + " as a string member", line);
                }
            }
            List<Map<String, Object>> metrics = (List<Map<String, Object>>) directive.get("Metrics");
            require(metrics != null && !metrics.isEmpty() && metrics.size() <= 100, "1 to 100 Metrics", line);
            for (Map<String, Object> metric : metrics) {
                Object name = metric.get("Name");
                Object value = document.get(name);
                require(value instanceof Number || value instanceof List<?> l && l.stream().allMatch(Number.class::isInstance),
                        "metric " + name + " as a number", line);
                require(metric.get("Unit") == null || UNITS.contains(metric.get("Unit")), "a CloudWatch unit for " + name, line);
            }
        }
    }

    private static void require(boolean holds, String what, String line) {
        if (!holds) {
            throw new AssertionError("not an Embedded Metric Format document (" + what + "): " + line);
        }
    }

    /** The directive's namespace of a document. */
    public static String namespace(Map<String, Object> document) {
        return (String) directive(document).get("Namespace");
    }

    /** The directive's dimension sets of a document. */
    @SuppressWarnings("unchecked")
    public static List<List<String>> dimensions(Map<String, Object> document) {
        return (List<List<String>>) directive(document).get("Dimensions");
    }

    /** The directive's metrics of a document, name to unit. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> metrics(Map<String, Object> document) {
        Map<String, String> units = new TreeMap<>();
        ((List<Map<String, Object>>) directive(document).get("Metrics")).forEach(m -> units.put((String) m.get("Name"), (String) m.get("Unit")));
        return units;
    }

    /** The document's one metric directive (FileJobs writes one per document). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> directive(Map<String, Object> document) {
        List<Object> directives = (List<Object>) ((Map<String, Object>) document.get("_aws")).get("CloudWatchMetrics");
        return (Map<String, Object>) directives.get(0);
    }
}
