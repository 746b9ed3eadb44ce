"""The Python peer of the cold-start harness: a BASELINE, never deployed, never part of the product.

What someone would write instead of the Java signal functions, as a Python 3.12 Lambda function
with boto3: the clients built at import (module scope, once per container, as the Python runtime's
init phase does), then a handler that makes the same calls with equivalent parameters as the Java
function on a new signal, against the same local endpoints (AWS_ENDPOINT_URL_<SERVICE>, which
boto3 reads itself):

  finding: DynamoDB Query (the signal's latest episode), on the container's first case Security IR
           ListMemberships + GetMembership (the team as watchers, kept for the container),
           conditional PutItem (the claim, the same attributes), conditional UpdateItem (the
           hour's new-case budget place), CreateCase, conditional UpdateItem (open, with the
           pending Case Opened), EventBridge PutEvents (Case Opened), UpdateItem (pending cleared);
  alarm:   Query, conditional PutItem, the budget's UpdateItem, Incident Manager StartIncident,
           UpdateItem (open), PutEvents, UpdateItem (pending cleared), GetItem (the alarm's last
           recovery, read after opening).

The harness (ColdStart) launches it in a fresh interpreter with the function's environment:

  python signal_peer.py finding|alarm <first event> <warm event>...

and reads the one JSON line it prints, the same fields as the Java probe's (times in ms).
"""
import time

MAIN_AT_EPOCH_MILLIS = int(time.time() * 1000)
INIT_STARTED = time.perf_counter()

import datetime  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import uuid  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

KIND = sys.argv[1] if len(sys.argv) > 1 else "finding"
REGION = os.environ["AWS_REGION"]
TABLE = os.environ["LEDGER_TABLE"]
CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=3, read_timeout=15)
SESSION = boto3.session.Session()
DYNAMODB = SESSION.client("dynamodb", region_name=REGION, config=CONFIG)
if KIND == "finding":
    TARGET = SESSION.client("security-ir", region_name=os.environ.get("SECURITY_IR_REGION") or REGION, config=CONFIG)
else:
    TARGET = SESSION.client("ssm-incidents", region_name=REGION, config=CONFIG)
EVENTS = SESSION.client("events", region_name=REGION, config=CONFIG)
EVENT_BUS = os.environ.get("EVENT_BUS_NAME") or "default"
BUDGET = int(os.environ.get("MAX_NEW_INCIDENTS_PER_HOUR" if KIND == "alarm" else "MAX_NEW_CASES_PER_HOUR") or "50")
INIT_MS = (time.perf_counter() - INIT_STARTED) * 1000
TEAM = None  # the membership's team, read on the first case


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def membership_team():
    global TEAM
    if TEAM is None:
        memberships = [m for m in TARGET.list_memberships()["items"] if m.get("membershipStatus") == "Active"]
        TEAM = []
        if memberships:
            team = TARGET.get_membership(membershipId=memberships[0]["membershipId"]).get("incidentResponseTeam", [])
            TEAM = [{k: v for k, v in (("email", p["email"]), ("name", p.get("name")), ("jobTitle", p.get("jobTitle"))) if v}
                    for p in team]
    return TEAM


def signal_of(event):
    detail = event["detail"]
    if KIND == "finding":
        service = detail.get("service", {})
        actors = sorted({p["remoteIpDetails"]["ipAddressV4"] for p in [service.get("action", {}).get("networkConnectionAction", {})]
                         if p.get("remoteIpDetails", {}).get("ipAddressV4")})
        return {"key": f"guardduty#{detail['accountId']}#{detail['region']}#{detail['id']}", "source": "aws.guardduty",
                "kind": detail["type"], "account": detail["accountId"], "region": detail["region"], "title": detail.get("title", detail["type"]),
                "severity": detail.get("severity", 0), "first": service.get("eventFirstSeen", event["time"]),
                "last": service.get("eventLastSeen", event["time"]), "actors": actors, "sourceId": detail["id"],
                "description": detail.get("description", ""), "arn": detail.get("arn")}
    arn = event["resources"][0]
    return {"key": f"alarm#{arn}", "source": "aws.cloudwatch", "kind": detail["alarmName"], "account": event["account"],
            "region": event["region"], "title": f"CloudWatch alarm {detail['alarmName']} is ALARM", "severity": 7,
            "first": event["time"], "last": event["time"], "actors": [], "sourceId": arn, "description": "", "arn": arn}


def handle(event):
    signal = signal_of(event)
    key = signal["key"]
    latest = DYNAMODB.query(TableName=TABLE, ConsistentRead=True, ScanIndexForward=False, Limit=1,
                            KeyConditionExpression="pk = :pk AND episode >= :first",
                            ExpressionAttributeValues={":pk": {"S": key}, ":first": {"N": "1"}})
    if latest["Items"]:
        return {"status": "repeat", "eventId": event["id"]}
    token = hashlib.sha256(f"{key}#1".encode()).hexdigest()[:64]
    started = now()
    watchers = membership_team() if KIND == "finding" else None
    item = {"pk": {"S": key}, "episode": {"N": "1"}, "target": {"S": "SECURITY_IR" if KIND == "finding" else "INCIDENT_MANAGER"},
            "state": {"S": "CLAIMED"}, "clientToken": {"S": token}, "owner": {"S": str(uuid.uuid4())},
            "leaseUntil": {"N": str(int((started + datetime.timedelta(seconds=60)).timestamp() * 1000))},
            "occurrences": {"N": "1"}, "maxSeverity": {"N": str(signal["severity"])}, "firstSeen": {"S": signal["first"]},
            "lastSeen": {"S": signal["last"]}, "createdAt": {"S": iso(started)}, "updatedAt": {"S": iso(started)},
            "version": {"N": "1"}, "source": {"S": signal["source"]}, "kind": {"S": signal["kind"]},
            "account": {"S": signal["account"]}, "region": {"S": signal["region"]}, "title": {"S": signal["title"][:300]}}
    if signal["actors"]:
        item["actorIps"] = {"SS": signal["actors"]}
    if watchers:
        item["watchers"] = {"L": [{"M": {k: {"S": v} for k, v in w.items()}} for w in watchers]}
    DYNAMODB.put_item(TableName=TABLE, Item=item, ConditionExpression="attribute_not_exists(pk)",
                      ReturnValuesOnConditionCheckFailure="ALL_OLD")
    target = item["target"]["S"]
    member = token[:16]
    DYNAMODB.update_item(
        TableName=TABLE, Key={"pk": {"S": f"budget#{target}#{started.strftime('%Y-%m-%dT%H')}"}, "episode": {"N": "0"}},
        UpdateExpression="ADD members :member SET expiresAt = :expires",
        ConditionExpression="attribute_not_exists(members) OR size(members) < :limit OR contains(members, :id)",
        ExpressionAttributeValues={":member": {"SS": [member]}, ":id": {"S": member}, ":limit": {"N": str(BUDGET)},
                                   ":expires": {"N": str(int(started.timestamp()) + 7200)}})
    if KIND == "finding":
        external_id = TARGET.create_case(
            clientToken=token, title=signal["title"][:300], description=signal["description"][:8000] or signal["title"],
            engagementType="Security Incident", resolverType="Self",
            reportedIncidentStartDate=datetime.datetime.fromisoformat(signal["first"].replace("Z", "+00:00")),
            impactedAccounts=[signal["account"]], watchers=watchers,
            threatActorIpAddresses=[{"ipAddress": ip} for ip in signal["actors"]],
            impactedServices=["Amazon EC2"], impactedAwsRegions=[{"region": signal["region"]}],
            tags={"source": signal["source"], "finding-type": signal["kind"][:256], "finding-id": signal["sourceId"],
                  "managed-by": "incident-response"})["caseId"]
        initial_status = "Submitted"
    else:
        external_id = TARGET.start_incident(
            clientToken=token, responsePlanArn=os.environ["DEFAULT_RESPONSE_PLAN_ARN"], title=signal["title"][:200],
            triggerDetails={"source": signal["source"], "timestamp": datetime.datetime.fromisoformat(signal["last"].replace("Z", "+00:00")),
                            "triggerArn": signal["arn"], "rawData": json.dumps(event)[:10000]},
            relatedItems=[{"title": "The alarm", "identifier": {"type": "INVOLVED_RESOURCE", "value": {"arn": signal["arn"]}}}])["incidentRecordArn"]
        initial_status = "OPEN"
    opened = now()
    announcement = json.dumps({
        "signalKey": key, "target": target, "externalId": external_id, "title": signal["title"], "status": initial_status,
        "source": signal["source"], "kind": signal["kind"], "findingType": signal["kind"] if KIND == "finding" else None,
        "alarmName": None if KIND == "finding" else signal["kind"], "account": signal["account"], "region": signal["region"],
        "severity": signal["severity"], "episode": 1, "openedAt": iso(opened), "consoleUrl": None}, separators=(",", ":"))
    DYNAMODB.update_item(
        TableName=TABLE, Key={"pk": {"S": key}, "episode": {"N": "1"}},
        UpdateExpression="SET #state = :open, externalId = :id, externalStatus = :status, statusFingerprint = :status,"
                         " updatedAt = :now, openedAt = :now, lastChangedAt = :now, pollShard = :shard, nextPollAt = :due,"
                         " announcement = :announcement, version = version + :one REMOVE leaseUntil, #owner",
        ConditionExpression="#state = :claimed", ExpressionAttributeNames={"#state": "state", "#owner": "owner"},
        ExpressionAttributeValues={":open": {"S": "OPEN"}, ":id": {"S": external_id}, ":status": {"S": initial_status},
                                   ":now": {"S": iso(opened)}, ":shard": {"S": str(int(token[:8], 16) % 4)},
                                   ":due": {"N": str(int(opened.timestamp()) + 300)}, ":one": {"N": "1"},
                                   ":claimed": {"S": "CLAIMED"}, ":announcement": {"S": announcement}})
    published = EVENTS.put_events(Entries=[{"EventBusName": EVENT_BUS, "Source": "incident-response", "DetailType": "Case Opened",
                                            "Detail": announcement, "Resources": [signal["arn"]] if signal["arn"] else []}])
    if published.get("FailedEntryCount"):
        raise RuntimeError(f"EventBridge did not take the Case Opened event: {published['Entries']}")
    DYNAMODB.update_item(TableName=TABLE, Key={"pk": {"S": key}, "episode": {"N": "1"}}, UpdateExpression="REMOVE announcement",
                         ConditionExpression="announcement = :announcement",
                         ExpressionAttributeValues={":announcement": {"S": announcement}})
    if KIND == "alarm":
        DYNAMODB.get_item(TableName=TABLE, Key={"pk": {"S": f"recovery#{key}"}, "episode": {"N": "0"}}, ConsistentRead=True)
    return {"status": "created", "eventId": event["id"], "signalKey": key, "externalId": external_id}


def invoke(path):
    with open(path, "rb") as f:
        event = json.loads(f.read())
    cpu = time.thread_time()
    started = time.perf_counter()
    result = handle(event)
    return result, (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000


def peak_rss_kb():
    """VmHWM, as the Java probe reads it (ru_maxrss would count the launching JVM's, which the child inherits)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    first, first_ms, _ = invoke(sys.argv[2])
    first_done = int(time.time() * 1000)
    warm = [invoke(path) for path in sys.argv[3:]]
    warm_ms = sorted(w[1] for w in warm)
    warm_cpu = sorted(w[2] for w in warm)
    peak_kb = peak_rss_kb()
    print(json.dumps({
        "probe": "coldstart", "handler": f"signal_peer.py {KIND}",
        "java": f"Python {sys.version.split()[0]}, boto3 {boto3.__version__}",
        "mainAtEpochMillis": MAIN_AT_EPOCH_MILLIS, "firstDoneAtEpochMillis": first_done,
        "loadMs": INIT_MS, "constructMs": 0, "initMs": INIT_MS, "firstInvokeMs": first_ms,
        "warmInvokeMs": warm_ms[len(warm_ms) // 2] if warm_ms else 0, "warmInvokesMs": [w[1] for w in warm],
        "warmCpuMs": warm_cpu[len(warm_cpu) // 2] if warm_cpu else 0,
        "heapAfterFirstBytes": 0, "peakRssKb": peak_kb, "isolatedClassPath": True,
        "first": first, "second": warm[0][0] if warm else {}, "warm": [w[0] for w in warm]}, separators=(",", ":")))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
