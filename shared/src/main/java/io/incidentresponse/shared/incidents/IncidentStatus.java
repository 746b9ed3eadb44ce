package io.incidentresponse.shared.incidents;

import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.StatusSource;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.IncidentRecord;
import software.amazon.awssdk.services.ssmincidents.model.IncidentRecordStatus;
import software.amazon.awssdk.services.ssmincidents.model.ResourceNotFoundException;

/** An Incident Manager incident's status from GetIncidentRecord. */
public final class IncidentStatus implements StatusSource {
    /** What StartIncident leaves a new incident in. */
    public static final String INITIAL = IncidentRecordStatus.OPEN.toString();
    public static final String RESOLVED = IncidentRecordStatus.RESOLVED.toString();

    private final SsmIncidentsClient client;

    public IncidentStatus(SsmIncidentsClient client) {
        this.client = client;
    }

    @Override
    public ExternalStatus fetch(String incidentArn) {
        IncidentRecord record;
        try {
            record = client.getIncidentRecord(r -> r.arn(incidentArn)).incidentRecord();
        } catch (ResourceNotFoundException e) {
            return ExternalStatus.notFound();
        }
        boolean resolved = record.status() == IncidentRecordStatus.RESOLVED;
        return new ExternalStatus(record.statusAsString(), null, null, record.resolvedTime(), resolved, false);
    }
}
