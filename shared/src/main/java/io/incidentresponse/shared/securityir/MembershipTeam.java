package io.incidentresponse.shared.securityir;

import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.Watcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.GetMembershipResponse;
import software.amazon.awssdk.services.securityir.model.IncidentResponder;
import software.amazon.awssdk.services.securityir.model.ListMembershipItem;
import software.amazon.awssdk.services.securityir.model.ListMembershipsRequest;
import software.amazon.awssdk.services.securityir.model.MembershipStatus;

/**
 * The Security IR membership's incident response team, as watchers of every new case: read with
 * ListMemberships and GetMembership in the membership's region on the first case a container
 * opens, kept for {@code refresh}, then read again.
 *
 * <p>Which membership: the Active ones that the caller can see in the membership region (an item
 * that names no region counts as there). A principal normally sees one, its organisation's; when
 * it sees several, the one with the smallest membership id is taken (the same one in every
 * container) and the log line says how many there were.
 *
 * <p>A lookup never blocks a case. When it fails (an error, no Active membership, one only in
 * another region) the case opens with the watchers known until then (the configured ones alone,
 * if the team was never read); the failure is logged once, not again while it keeps failing, and
 * the lookup is tried again after {@link #RETRY_AFTER_FAILURE} (a misconfiguration, after
 * {@code refresh}). Each call has its own deadline, so a slow service costs a case seconds, not
 * the function's timeout.
 */
public final class MembershipTeam {
    /** How soon a failed lookup is tried again (at most {@code refresh}). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    /** Each lookup call's deadline, its retries included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** ListMemberships pages read at most (25 memberships a page), so a looping next token cannot hang a case. */
    static final int MAX_PAGES = 20;

    private final SecurityIrClient client;
    private final String region;
    private final Duration refresh;
    private final Clock clock;
    private final JsonLog log;
    private List<Watcher> team = List.of();
    private Instant nextRead = Instant.MIN;
    private boolean failing;

    /**
     * @param client Security IR in the membership region
     * @param region that region (SECURITY_IR_REGION)
     */
    public MembershipTeam(SecurityIrClient client, String region, Duration refresh, Clock clock, JsonLog log) {
        this.client = Objects.requireNonNull(client, "client");
        this.region = region;
        this.refresh = refresh;
        this.clock = clock;
        this.log = log;
    }

    private MembershipTeam() {
        this.client = null;
        this.region = null;
        this.refresh = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.log = JsonLog.discard();
    }

    /** No team (WATCHERS_FROM_MEMBERSHIP=false): never calls anything. */
    public static MembershipTeam none() {
        return new MembershipTeam();
    }

    /** The team's responders as watchers, valid for CreateCase; empty when none is known. */
    public synchronized List<Watcher> current() {
        if (client == null) {
            return List.of();
        }
        Instant now = clock.instant();
        if (now.isBefore(nextRead)) {
            return team;
        }
        try {
            team = read();
            nextRead = now.plus(refresh);
            if (failing) {
                log.info("read the Security IR membership's incident response team again", "region", region, "team", team.size());
                failing = false;
            }
        } catch (Unavailable e) {
            failed(now, refresh, e.getMessage());
        } catch (RuntimeException e) {
            failed(now, RETRY_AFTER_FAILURE.compareTo(refresh) < 0 ? RETRY_AFTER_FAILURE : refresh, e.toString());
        }
        return team;
    }

    private void failed(Instant now, Duration retryAfter, String why) {
        nextRead = now.plus(retryAfter);
        if (!failing) {
            failing = true;
            log.warn("cannot read the Security IR membership's incident response team: new cases get the configured watchers"
                            + (team.isEmpty() ? "" : " and the team read before") + " until it can be read",
                    "region", region, "error", why, "retryInSeconds", retryAfter.toSeconds());
        }
    }

    private List<Watcher> read() {
        ListMembershipsRequest request = ListMembershipsRequest.builder()
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)).build();
        List<ListMembershipItem> active = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        client.listMembershipsPaginator(request).stream().limit(MAX_PAGES).forEach(page -> {
            for (ListMembershipItem item : page.items()) {
                if (item.membershipStatus() != MembershipStatus.ACTIVE) {
                    continue;
                }
                if (item.regionAsString() == null || item.regionAsString().equals(region)) {
                    active.add(item);
                } else {
                    elsewhere.add(item.membershipId() + " in " + item.regionAsString());
                }
            }
        });
        if (active.isEmpty()) {
            throw new Unavailable(elsewhere.isEmpty()
                    ? "no Active Security IR membership is visible to this account"
                    : "no Active membership in " + region + ", but " + String.join(", ", elsewhere)
                            + ": set " + Variables.SECURITY_IR_REGION + " to the membership's region");
        }
        active.sort(Comparator.comparing(ListMembershipItem::membershipId));
        String membershipId = active.get(0).membershipId();
        GetMembershipResponse membership = client.getMembership(r -> r.membershipId(membershipId)
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
        List<Watcher> watchers = new ArrayList<>();
        for (IncidentResponder responder : membership.incidentResponseTeam()) {
            try {
                watchers.add(Watchers.of(responder.email(), responder.name(), responder.jobTitle()));
            } catch (IllegalArgumentException e) {
                // Not expected (the membership's own limits are the watchers'), but one bad entry costs only itself.
                log.warn("left a responder of the membership's team out of the watchers", "membershipId", membershipId,
                        "error", e.getMessage());
            }
        }
        log.info("read the Security IR membership's incident response team", "membershipId", membershipId, "region", region,
                "team", watchers.size(), "activeMemberships", active.size());
        return List.copyOf(watchers);
    }

    /** The membership cannot be used as configured: retried after {@code refresh}, not sooner. */
    private static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }
}
