"""What a therapist may type as a link, and what it is recognised as."""

from __future__ import annotations

import pytest

from directory.links.addresses import LinkProblem, read_link, shown_address


@pytest.mark.parametrize(
    ("typed", "chosen", "kind", "url"),
    [
        ("https://rosadiaz.example/about", "website", "website", "https://rosadiaz.example/about"),
        ("rosadiaz.example", "website", "website", "https://rosadiaz.example/"),
        ("HTTP://RosaDiaz.Example/Fees#top", "website", "website", "http://rosadiaz.example/Fees"),
        ("https://www.instagram.com/rosadiaz.lpc", "website", "instagram",
         "https://www.instagram.com/rosadiaz.lpc"),
        ("https://www.tiktok.com/@rosadiaz", "other", "tiktok", "https://www.tiktok.com/@rosadiaz"),
        ("youtube.com/@rosadiaz", "website", "youtube", "https://youtube.com/@rosadiaz"),
        ("https://www.linkedin.com/in/rosa-diaz", "other", "linkedin",
         "https://www.linkedin.com/in/rosa-diaz"),
        ("@rosa@social.example", "website", "mastodon", "https://social.example/@rosa"),
        ("rosa@Social.Example", "mastodon", "mastodon", "https://social.example/@rosa"),
        ("https://social.example/@rosa", "mastodon", "mastodon", "https://social.example/@rosa"),
        ("https://social.example/users/rosa/", "mastodon", "mastodon",
         "https://social.example/@rosa"),
        ("https://forum.example/u/rosa", "other", "other", "https://forum.example/u/rosa"),
    ],
)  # fmt: skip
def test_addresses_are_recognised_and_made_canonical(typed, chosen, kind, url):
    link = read_link(typed, chosen)
    assert (link.kind, link.url) == (kind, url)


def test_only_websites_and_mastodon_accounts_can_be_verified():
    assert read_link("https://rosadiaz.example").verifiable
    assert read_link("@rosa@social.example").verifiable
    assert not read_link("https://instagram.com/rosa").verifiable
    assert not read_link("https://forum.example/u/rosa", "other").verifiable


def test_a_mastodon_account_is_shown_as_its_handle():
    assert shown_address("mastodon", "https://social.example/@rosa") == "@rosa@social.example"


@pytest.mark.parametrize(
    ("typed", "chosen", "says"),
    [
        ("", "website", "Enter an address"),
        ("javascript:alert(1)", "website", "web address"),
        ("ftp://rosadiaz.example/", "website", "https://"),
        ("data:text/html,<b>x</b>", "website", "web address"),
        ("https://rosadiaz.example/" + "a" * 300, "website", "under 300"),
        ("https://rosa diaz.example/", "website", "no spaces"),
        ("https://rosadiaz.example/\x00", "website", "invisible"),
        ("https://rosadiaz.example/\u202e", "website", "invisible"),
        ("http://127.0.0.1:8080/", "website", "numeric address"),
        ("http://[::1]/", "website", "numeric address"),
        ("http://169.254.169.254/latest/meta-data/", "website", "numeric address"),
        ("http://2130706433/", "website", "web address"),
        ("https://localhost/", "website", None),
        ("https://printer.local/", "website", "private network"),
        ("https://admin:secret@rosadiaz.example/", "website", "user name"),
        ("https://rosadiaz.example/\"><script>", "website", "web address"),
        ("https://instagram.com/rosa", "mastodon", "not a Mastodon account"),
        ("https://rosadiaz.example/about", "mastodon", "@name@server"),
        ("https://xn--.example/", "website", None),
    ],
)  # fmt: skip
def test_hostile_or_impossible_addresses_are_refused_with_a_reason(typed, chosen, says):
    with pytest.raises(LinkProblem) as refused:
        read_link(typed, chosen)
    if says:
        assert says in str(refused.value)
