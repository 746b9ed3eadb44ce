package io.incidentresponse.shared.signal;

/**
 * Something a responder follows from the case or incident.
 *
 * @param kind what {@code value} is
 * @param title a short human label
 */
public record Reference(Kind kind, String title, String value) {
    public enum Kind {
        /** A web page, such as the console view of the finding or alarm. */
        URL,
        /** The ARN of the resource the signal is about. */
        ARN,
        /** A CloudWatch metric definition (JSON), shown as a graph by Incident Manager. */
        METRIC
    }
}
