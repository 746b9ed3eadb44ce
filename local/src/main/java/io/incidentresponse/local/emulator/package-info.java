/**
 * Offline emulator of the AWS Security Incident Response ({@code security-ir}) and Incident Manager
 * ({@code ssm-incidents}) HTTP APIs, for tests and the replay tool (EventBridge, SQS and DynamoDB
 * are the local AWS engine's, {@code local.engine}). Start it with {@link io.incidentresponse.local.emulator.Emulator#start()}, point real
 * AWS SDK clients at {@link io.incidentresponse.local.emulator.Emulator#endpoint()}, inject faults
 * with {@link io.incidentresponse.local.emulator.Emulator#faults()}, and inspect what happened through
 * {@code securityIr()}, {@code incidentManager()} and {@code log()}.
 *
 * <p>Requests are bound and validated against the bundled botocore service models
 * ({@code models/*.json}) by one model-driven binder and validator, so constraint violations answer
 * the service's {@code ValidationException} the way AWS would, with member paths in the message.
 */
package io.incidentresponse.local.emulator;
