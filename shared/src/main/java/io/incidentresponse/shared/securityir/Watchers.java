package io.incidentresponse.shared.securityir;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.Watcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one reader of watcher lists (the WATCHERS setting and a routing rule's {@code watchers}):
 * a comma-separated list of email addresses, or a JSON array whose entries are email addresses or
 * {@code {"email", "name", "jobTitle"}} objects. Every watcher is checked against Security IR's
 * limits; a list longer than the API takes is refused. Failures are IllegalArgumentExceptions whose
 * message the caller prefixes with the setting or rule it read.
 */
public final class Watchers {
    // Security IR's EmailAddress pattern, applied to the whole value.
    private static final Pattern EMAIL = Pattern.compile(CaseLimits.EMAIL_PATTERN);

    private Watchers() {
    }

    /** A comma-separated list of emails, or a JSON array (text starting with '['). */
    public static List<Watcher> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.strip().startsWith("[")) {
            JsonNode array;
            try {
                array = EventJson.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new IllegalArgumentException("is not a valid JSON array: " + e.getMessage());
            }
            return parse(array);
        }
        List<Watcher> out = new ArrayList<>();
        for (String email : text.split(",")) {
            if (!email.isBlank()) {
                out.add(of(email.trim(), null, null));
            }
        }
        return limited(out);
    }

    /** A JSON array of email addresses or {email, name, jobTitle} objects. */
    public static List<Watcher> parse(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("watchers must be an array of email addresses or {email, name, jobTitle} objects");
        }
        List<Watcher> out = new ArrayList<>();
        for (JsonNode node : array) {
            out.add(node.isTextual() ? of(node.asText(), null, null)
                    : of(node.path("email").asText(null), node.path("name").asText(null), node.path("jobTitle").asText(null)));
        }
        return limited(out);
    }

    /** One watcher, checked against Security IR's limits. */
    public static Watcher of(String email, String name, String jobTitle) {
        if (email == null || email.length() < CaseLimits.EMAIL_MIN || email.length() > CaseLimits.EMAIL_MAX
                || !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("'" + email + "' is not an email address Security IR accepts");
        }
        name = blankToNull(name);
        jobTitle = blankToNull(jobTitle);
        if (name != null && name.codePointCount(0, name.length()) > CaseLimits.PERSON_NAME_MAX) {
            throw new IllegalArgumentException("watcher name '" + name + "' is longer than " + CaseLimits.PERSON_NAME_MAX + " characters");
        }
        if (jobTitle != null && jobTitle.codePointCount(0, jobTitle.length()) > CaseLimits.JOB_TITLE_MAX) {
            throw new IllegalArgumentException("job title '" + jobTitle + "' is longer than " + CaseLimits.JOB_TITLE_MAX + " characters");
        }
        return new Watcher(email, name, jobTitle);
    }

    /**
     * The watchers of a new case: the configured ones (the setting's, or the routing rule's) first,
     * in their order, then the membership's incident response team, each person once: a later
     * entry whose email is already there (compared case-insensitively, as mailboxes are) is left
     * out. Not cut to the API's limit here: the request is, and its notes say how many were left out.
     */
    public static List<Watcher> merge(List<Watcher> configured, List<Watcher> team) {
        List<Watcher> out = new ArrayList<>(configured.size() + team.size());
        Set<String> emails = new HashSet<>();
        for (List<Watcher> list : List.of(configured, team)) {
            for (Watcher watcher : list) {
                if (emails.add(watcher.email().toLowerCase(Locale.ROOT))) {
                    out.add(watcher);
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<Watcher> limited(List<Watcher> watchers) {
        if (watchers.size() > CaseLimits.WATCHERS_MAX) {
            throw new IllegalArgumentException("lists " + watchers.size() + " watchers; Security IR accepts at most " + CaseLimits.WATCHERS_MAX);
        }
        return List.copyOf(watchers);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
