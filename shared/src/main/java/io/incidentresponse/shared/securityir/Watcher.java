package io.incidentresponse.shared.securityir;

import java.util.regex.Pattern;

/** A person Security IR notifies about a case; validated against the service model when configured. */
public record Watcher(String email, String name, String jobTitle) {
    // Security IR's EmailAddress pattern, applied to the whole value.
    private static final Pattern EMAIL = Pattern.compile(
            "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*");

    public Watcher {
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
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
