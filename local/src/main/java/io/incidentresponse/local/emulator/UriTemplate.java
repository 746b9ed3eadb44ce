package io.incidentresponse.local.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model {@code requestUri} such as {@code /v1/cases/{caseId}/get-case} or {@code /x/{key+}?op}:
 * literal and label path segments (a {@code +} label is greedy and takes the rest of the path),
 * plus literal query parameters the request must carry.
 */
final class UriTemplate {
    private record Segment(String literal, String label, boolean greedy) {
    }

    private final String text;
    private final List<Segment> segments;
    private final Map<String, String> queryLiterals;

    private UriTemplate(String text, List<Segment> segments, Map<String, String> queryLiterals) {
        this.text = text;
        this.segments = segments;
        this.queryLiterals = queryLiterals;
    }

    static UriTemplate parse(String template) {
        int q = template.indexOf('?');
        String path = q < 0 ? template : template.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : template.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? null : pair.substring(eq + 1));
                }
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : splitPath(path)) {
            if (part.startsWith("{") && part.endsWith("}")) {
                String label = part.substring(1, part.length() - 1);
                boolean greedy = label.endsWith("+");
                segments.add(new Segment(null, greedy ? label.substring(0, label.length() - 1) : label, greedy));
            } else {
                segments.add(new Segment(part, null, false));
            }
        }
        return new UriTemplate(template, List.copyOf(segments), Map.copyOf(query));
    }

    /**
     * Matches a raw (still percent-encoded) request path and its decoded query parameters; answers the
     * decoded label values, or empty when the request is not for this template.
     */
    Optional<Map<String, String>> match(String rawPath, Map<String, List<String>> query) {
        for (Map.Entry<String, String> literal : queryLiterals.entrySet()) {
            List<String> values = query.get(literal.getKey());
            if (values == null || (literal.getValue() != null && !values.contains(literal.getValue()))) {
                return Optional.empty();
            }
        }
        List<String> parts = splitPath(rawPath);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        for (Segment segment : segments) {
            if (i >= parts.size()) {
                return Optional.empty();
            }
            if (segment.greedy()) {
                List<String> rest = new ArrayList<>();
                for (String part : parts.subList(i, parts.size())) {
                    rest.add(decodePathSegment(part));
                }
                labels.put(segment.label(), String.join("/", rest));
                i = parts.size();
            } else if (segment.label() != null) {
                labels.put(segment.label(), decodePathSegment(parts.get(i++)));
            } else if (!segment.literal().equals(decodePathSegment(parts.get(i++)))) {
                return Optional.empty();
            }
        }
        return i == parts.size() ? Optional.of(labels) : Optional.empty();
    }

    /** More literal segments and query literals make a template more specific when several match. */
    int specificity() {
        int literals = queryLiterals.size();
        for (Segment segment : segments) {
            literals += segment.literal() != null ? 1 : 0;
        }
        return literals;
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<String> splitPath(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Percent-decodes one path segment; unlike form decoding, {@code +} stays a plus sign. */
    static String decodePathSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
