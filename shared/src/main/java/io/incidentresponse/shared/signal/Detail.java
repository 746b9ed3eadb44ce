package io.incidentresponse.shared.signal;

/** One line a responder reads: "Resource: EC2 instance i-0abc (t3.micro)". */
public record Detail(String label, String value) {
}
