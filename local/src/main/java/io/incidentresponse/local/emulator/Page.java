package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Offset paging for List* operations; the next token is the offset of the next item, as text. */
record Page<T>(List<T> items, String nextToken) {
    static <T> Page<T> of(List<T> all, JsonNode nextToken, JsonNode maxResults, int defaultMax) {
        int from = 0;
        if (nextToken != null && !nextToken.asText().isEmpty()) {
            try {
                from = Integer.parseInt(nextToken.asText());
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > all.size()) {
                throw ApiException.validation("OTHER", "Invalid nextToken: " + nextToken.asText());
            }
        }
        int size = maxResults == null ? defaultMax : maxResults.asInt();
        int to = Math.min(all.size(), from + size);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? Integer.toString(to) : null);
    }
}
