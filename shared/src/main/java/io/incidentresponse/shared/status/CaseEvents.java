package io.incidentresponse.shared.status;

import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.text.SafeText;
import java.util.Optional;

/**
 * Security IR's own case events (source {@code aws.security-ir}, e.g. Case Updated, Case Closed):
 * the ledger follows a case within seconds instead of at the next poll. The event only says which
 * case changed; its status is read with GetCase, so an event and a poll record a change once.
 */
public final class CaseEvents {
    public static final String SOURCE = "aws.security-ir";

    /** What an event came to: the update's result, or why it was ignored. */
    public record Handled(String caseId, String result) {
    }

    private final Ledger ledger;
    private final StatusUpdates updates;

    public CaseEvents(Ledger ledger, StatusUpdates updates) {
        this.ledger = ledger;
        this.updates = updates;
    }

    public Handled handle(EventEnvelope event) {
        String caseId = event.detail().path("caseId").asText(null);
        if (caseId == null || caseId.isBlank()) {
            throw new MalformedEventException(event.id(), "Security IR event has no detail.caseId");
        }
        caseId = SafeText.bounded(caseId, 64);
        Optional<LedgerItem> item = ledger.findByExternalId(caseId);
        if (item.isEmpty()) {
            return new Handled(caseId, "ignored: not a case this product opened");
        }
        return new Handled(caseId, updates.update(item.get()).name().toLowerCase(java.util.Locale.ROOT));
    }
}
