package io.incidentresponse.shared.signal;

import java.util.Optional;
import java.util.regex.Pattern;

/** How AWS writes the ids every signal carries: region names and 12-digit account ids. */
public final class AwsIds {
    /** A region name such as us-east-1 or ap-southeast-7 (not a check that the region exists). */
    public static final String REGION_PATTERN = "[a-z]{2}(?:-[a-z]+)+-\\d{1,2}";
    private static final Pattern REGION = Pattern.compile(REGION_PATTERN);
    private static final Pattern ACCOUNT = Pattern.compile("\\d{1,12}");

    private AwsIds() {
    }

    public static boolean isRegion(String value) {
        return value != null && REGION.matcher(value).matches();
    }

    /**
     * The account id with its 12 digits: one that lost its leading zeros (read as a number
     * somewhere upstream) is padded back. Empty when the value is not 1 to 12 digits.
     */
    public static Optional<String> accountId(String value) {
        if (value == null || !ACCOUNT.matcher(value.trim()).matches()) {
            return Optional.empty();
        }
        String digits = value.trim();
        return Optional.of("0".repeat(12 - digits.length()) + digits);
    }
}
