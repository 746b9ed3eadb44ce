package io.incidentresponse.local.emulator;

/** Who called and where: the region comes from the SigV4 credential scope. */
record CallContext(String region, String accountId, String callerArn) {
}
