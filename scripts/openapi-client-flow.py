"""One real flow through the Python client that openapi-python-client generated from the
served OpenAPI document (run by scripts/openapi-check, which installs the client as
`landa_api_client`): as national, list the scenarios, read example-2024's request rounds,
register a decision for one of its municipalities with If-Match, and read the decision
history back. Exits non-zero on the first step that does not go as it should.

Environment: LANDA_URL (the served base URL) and LANDA_TOKEN (an API token of `nationell`).
"""

import os
import sys

from landa_api_client import AuthenticatedClient
from landa_api_client.api.planning import (
    get_decision_history,
    list_request_rounds,
    list_scenarios,
    record_decision,
)
from landa_api_client.models import DecisionIn
from landa_api_client.types import UNSET

SCENARIO = "example-2024"


def check(condition, what):
    if not condition:
        print(f"openapi-client-flow: {what}", file=sys.stderr)
        sys.exit(1)


def main():
    client = AuthenticatedClient(
        base_url=os.environ["LANDA_URL"],
        token=os.environ["LANDA_TOKEN"],
        raise_on_unexpected_status=True,
    )

    scenarios = list_scenarios.sync_detailed(client=client)
    check(scenarios.status_code == 200, f"listScenarios answered {scenarios.status_code}")
    names = [s.name for s in scenarios.parsed]
    check(SCENARIO in names, f"{SCENARIO} is not among the scenarios {names}")
    print(f"listScenarios: {len(names)} scenarios: {', '.join(names)}")

    rounds = list_request_rounds.sync_detailed(scenario=SCENARIO, client=client)
    check(rounds.status_code == 200, f"listRequestRounds answered {rounds.status_code}")
    check(rounds.parsed, f"{SCENARIO} has no request rounds")
    requests = [r for round_ in rounds.parsed for r in round_.requests]
    check(requests, f"the request rounds of {SCENARIO} hold no requests")
    municipality = requests[0].municipality
    print(
        f"listRequestRounds: {len(rounds.parsed)} rounds, {len(requests)} requests; "
        f"municipality {municipality} asked for {requests[0].persons} persons"
    )

    history = get_decision_history.sync_detailed(
        scenario=SCENARIO, code=municipality, client=client
    )
    check(history.status_code == 200, f"getDecisionHistory answered {history.status_code}")
    etag = history.headers.get("etag")
    check(etag, "getDecisionHistory sent no ETag")
    before = [d.version for d in history.parsed]
    print(f"getDecisionHistory: {len(before)} versions before, ETag {etag}")

    persons = requests[0].persons + 7
    recorded = record_decision.sync_detailed(
        scenario=SCENARIO,
        code=municipality,
        client=client,
        if_match=etag,
        body=DecisionIn(
            persons=persons,
            unaccompanied_minors=0,
            body="municipal_council",
            decided_on="2024-03-01",
            registration_number="KS 2024/openapi-check",
        ),
    )
    check(recorded.status_code == 201, f"recordDecision answered {recorded.status_code}: {recorded.content!r}")
    decision = recorded.parsed
    check(decision.persons == persons, f"recordDecision recorded {decision.persons} persons, not {persons}")
    check(decision.recorded_by == "nationell", f"recorded by {decision.recorded_by}, not nationell")
    print(f"recordDecision: version {decision.version}, {decision.persons} persons, by {decision.recorded_by}")

    after = get_decision_history.sync_detailed(
        scenario=SCENARIO, code=municipality, client=client
    )
    check(after.status_code == 200, f"getDecisionHistory answered {after.status_code}")
    versions = {d.version: d for d in after.parsed}
    check(decision.version in versions, f"version {decision.version} is not in the history {sorted(versions)}")
    again = versions[decision.version]
    check(again.persons == persons, f"the history holds {again.persons} persons, not {persons}")
    check(
        again.registration_number not in (None, UNSET)
        and again.registration_number == "KS 2024/openapi-check",
        "the history lost the registration number",
    )
    check(len(after.parsed) == len(before) + 1, f"{len(after.parsed)} versions, expected {len(before) + 1}")
    print(f"getDecisionHistory: {len(after.parsed)} versions after, version {decision.version} is there")


if __name__ == "__main__":
    main()
