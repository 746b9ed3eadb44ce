package io.incidentresponse.local.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP request as the emulator sees it, independent of the server that received it. */
record HttpCall(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=[^/,\\s]*/[^/]*/([^/]*)/([^/]*)/aws4_request");

    HttpCall {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, or null. Header names are case-insensitive. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The SigV4 credential-scope service ({@code .../<region>/<service>/aws4_request}), or null. */
    String signingService() {
        Matcher m = credential();
        return m == null ? null : m.group(2);
    }

    /** The SigV4 credential-scope region, or null when the request is not signed. */
    String signingRegion() {
        Matcher m = credential();
        return m == null ? null : m.group(1);
    }

    /** Form-decoded query parameters in request order; a parameter may repeat. */
    Map<String, List<String>> queryParameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private Matcher credential() {
        String authorization = header("Authorization");
        if (authorization == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m : null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
