package io.incidentresponse.shared.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A page of due items from the poller's index.
 *
 * @param next where the next page starts, or null when this was the last
 * @param read how many index entries the query read (what it cost)
 * @param firstDue when the page's first item fell due (the index is in due order), or null for an empty page
 */
public record DuePage(List<LedgerItem> items, Cursor next, int read, Instant firstDue) {
    public DuePage {
        items = List.copyOf(items);
    }

    /** The last key of a page: the table's keys and the index's. */
    public record Cursor(String pk, int episode, String shard, long nextPollAt) {
    }
}
