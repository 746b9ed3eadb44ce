package io.incidentresponse.shared.routing;

import java.util.regex.Pattern;

/** A shell-style pattern: {@code *} any run of characters, {@code ?} one; everything else literal. */
record Glob(String text, Pattern pattern) {
    static Glob of(String text) {
        StringBuilder regex = new StringBuilder();
        for (String part : text.split("(?=[*?])|(?<=[*?])")) {
            switch (part) {
                case "*" -> regex.append(".*");
                case "?" -> regex.append('.');
                default -> regex.append(Pattern.quote(part));
            }
        }
        return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }
}
