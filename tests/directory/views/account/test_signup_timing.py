"""Sign-up must not tell, by how long it takes, whether an address has an account."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.account_fixtures import csrf_token

ROUNDS = 7


def timed_signup(client, email: str) -> float:
    token = csrf_token(client, "/account/signup")
    data = {
        "email": email,
        "password": "a long enough passphrase",
        "role": "client",
        "csrf_token": token,
    }
    started = time.perf_counter()
    response = client.post("/account/signup", data=data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed


# The production hash: a cheap one would hide the very difference this test looks for.
@pytest.mark.parametrize("config_overrides", [{"PASSWORD_HASH_METHOD": "scrypt"}])
def test_new_and_taken_addresses_take_about_as_long(app, client, make_user):
    make_user("client", email="taken@example.org")
    timed_signup(client, "warm-up@example.org")  # first-request costs out of the way
    new, taken = [], []
    for n in range(ROUNDS):  # interleaved, so a noisy neighbour slows both alike
        new.append(timed_signup(client, f"new-{n}@example.org"))
        taken.append(timed_signup(client, "taken@example.org"))
    ratio = statistics.median(new) / statistics.median(taken)
    print(f"median new {statistics.median(new):.3f} s, taken {statistics.median(taken):.3f} s")
    assert 0.5 <= ratio <= 2, f"new/taken = {ratio:.2f}"
