package io.incidentresponse.shared.signal;

/**
 * Console links of cases and incidents.
 *
 * @param region the stack's region, where its incidents are
 * @param securityIrRegion the Security IR membership's region, where every case is
 */
public record CaseLinks(String region, String securityIrRegion) {
    public String of(Target target, String externalId) {
        return Console.caseLink(target, externalId, region, securityIrRegion);
    }
}
