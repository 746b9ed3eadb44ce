package io.incidentresponse.shared.incidents;

/**
 * The StartIncident and timeline constraints of the ssm-incidents 2018-05-10 service model. A test in
 * the toolkit (ServiceLimitsTest) holds every value against the bundled model, so they cannot drift.
 */
public final class IncidentLimits {
    public static final int TITLE_MAX = 200;
    public static final int RAW_DATA_MAX = 10000;
    public static final int TRIGGER_SOURCE_MAX = 50;
    public static final int RELATED_ITEMS_MAX = 100;
    public static final int RELATED_ITEM_TITLE_MAX = 200;
    public static final int URL_MAX = 1000;
    public static final int ARN_MAX = 1000;
    public static final int METRIC_DEFINITION_MAX = 4000;
    public static final int EVENT_DATA_MAX = 12000;
    public static final String ARN_PATTERN = "arn:aws(-cn|-us-gov)?:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12})?:.+";

    private IncidentLimits() {
    }
}
