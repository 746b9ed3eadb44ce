package io.incidentresponse.shared.ledger;

import java.util.List;

/**
 * A page of due items from the poller's index.
 *
 * @param next where the next page starts, or null when this was the last
 * @param read how many index entries the query read (what it cost)
 */
public record DuePage(List<LedgerItem> items, Cursor next, int read) {
    public DuePage {
        items = List.copyOf(items);
    }

    /** The last key of a page: the table's keys and the index's. */
    public record Cursor(String pk, int episode, String shard, long nextPollAt) {
    }
}
