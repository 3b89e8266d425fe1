"""The self-knowledge map: private by default, shared one item at a time, on purpose."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile

import pytest

from tests.helpers import api_client, keys_of, signed_in
from tests.test_privacy import all_table_bytes
from twofold.accounts.export import build_zip
from twofold.couples import services as couples
from twofold.lib import vault
from twofold.lib.sealed import Sealed
from twofold.selfmap import services
from twofold.selfmap.models import MapItem, SharedMapItem

pytestmark = pytest.mark.django_db

JSON = "application/json"


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    # The CSRF token changes on every render; nothing else may.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def add(user, section: str = "strengths", text: str = "Patient with beginners", **fields) -> MapItem:
    return services.add_item(keys_of(user), user, section=section, text=text, **fields)


# --- writing one's own map


def test_items_are_sealed_and_shown_by_section_in_the_order_written(alice):
    client = signed_in(alice)
    for section, text in [("values", "Honesty, even when it costs"), ("strengths", "I listen"), ("values", "Rest")]:
        response = client.post(f"/map/add/{section}/", {"text": text})
        assert response.status_code == 302
    item = MapItem.objects.for_user(alice).first()
    assert isinstance(item.text, Sealed) and item.detail is None
    html = page(client, "/map/")
    assert html.index("I listen") < html.index("Honesty, even when it costs") < html.index(">Rest<")
    assert html.index("Strengths") < html.index("Values and beliefs")


def test_formative_events_keep_an_approximate_time_and_people_how_they_shaped_you(alice):
    client = signed_in(alice)
    client.post("/map/add/events/", {"text": "We moved to the coast", "when": "age 12", "detail": "New *everything*."})
    client.post("/map/add/people/", {"text": "My aunt Rosa", "detail": "She showed me how to laugh at mistakes."})
    assert "About when" in page(client, "/map/add/events/")
    assert "About when" not in page(client, "/map/add/people/") and "How they shaped you" in page(
        client, "/map/add/people/"
    )
    html = page(client, "/map/")
    assert "(age 12)" in html and "New <em>everything</em>." in html
    assert "She showed me how to laugh at mistakes." in html
    event = MapItem.objects.for_user(alice).get(section="events")
    assert keys_of(alice).open(event.when, event, "when") == "age 12"


def test_a_time_is_kept_only_for_formative_events(alice):
    item = add(alice, section="values", text="Fairness", when="2019")
    assert item.when is None


def test_editing_an_item_changes_it(alice):
    item = add(alice)
    client = signed_in(alice)
    assert "Patient with beginners" in page(client, f"/map/{item.pk}/edit/")
    response = client.post(f"/map/{item.pk}/edit/", {"text": "Patient with anyone learning", "detail": "Even me."})
    assert response.status_code == 302
    html = page(client, "/map/")
    assert "Patient with anyone learning" in html and "Even me." in html and "Patient with beginners" not in html


def test_deleting_asks_first_and_then_deletes(alice):
    item = add(alice)
    client = signed_in(alice)
    confirm = page(client, f"/map/{item.pk}/delete/")
    assert "Delete this item?" in confirm and "Patient with beginners" in confirm
    assert MapItem.objects.for_user(alice).count() == 1  # looking at the question changes nothing
    assert client.post(f"/map/{item.pk}/delete/").status_code == 302
    assert not MapItem.objects.for_user(alice).exists()


def test_an_empty_map_helps_with_a_first_step(erin):
    html = page(signed_in(erin), "/map/")
    assert "Your map is empty for now" in html and "/map/add/strengths/" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "x" * 501}, "at most 500 characters"),
        ({"text": "ok", "detail": "x" * 2001}, "at most 2000 characters"),
        ({"text": "   "}, "This field is required."),
    ],
)
def test_bad_input_on_the_page_says_why_and_changes_nothing(alice, fields, message):
    response = signed_in(alice).post("/map/add/strengths/", fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MapItem.objects.for_user(alice).exists()


def test_bad_input_through_the_api_says_why_and_changes_nothing(alice):
    client = api_client(alice)
    too_long = client.post("/api/v1/map/items", json.dumps({"section": "values", "text": "x" * 501}), JSON)
    assert too_long.status_code == 422 and "text" in too_long.json()["error"]["fields"]
    unknown = client.post("/api/v1/map/items", json.dumps({"section": "hobbies", "text": "Chess"}), JSON)
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "unknown_section"
    empty = client.post("/api/v1/map/items", json.dumps({"section": "values", "text": "  "}), JSON)
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty"
    item = add(alice)
    edit = client.put(f"/api/v1/map/items/{item.pk}", json.dumps({"text": "ok", "when": "x" * 101}), JSON)
    assert edit.status_code == 422
    assert MapItem.objects.for_user(alice).count() == 1
    assert services.open_item(keys_of(alice), MapItem.objects.for_user(alice).get()).text == "Patient with beginners"


def test_an_unknown_section_is_404(alice):
    assert signed_in(alice).get("/map/add/hobbies/").status_code == 404


# --- sharing, one item at a time


def test_the_preview_shows_exactly_what_the_partner_will_see_and_shares_nothing(alice, bob):
    item = add(alice, section="events", text="We moved to the coast", when="age 12", detail="New *everything*.")
    preview = page(signed_in(alice), f"/map/{item.pk}/share/")
    assert "This is exactly what Bob will see" in preview
    assert not SharedMapItem.objects.for_user(alice).exists()  # nothing shared by looking

    signed_in(alice).post(f"/map/{item.pk}/share/")
    shown = page(signed_in(bob), "/map/partner/")

    def item_html(html: str) -> str:
        return re.search(r'<li class="map-item[^"]*">.*?</li>', html, re.S).group(0)

    assert item_html(preview) == item_html(shown)
    assert "Alice's map" in shown


def test_the_partner_sees_exactly_the_shared_items_and_nothing_of_the_rest(alice, bob):
    bob_client = signed_in(bob)
    empty = page(bob_client, "/map/partner/")
    assert "Nothing shared yet. Alice chooses what to share, one item at a time." in empty

    shared = add(alice, text="I listen")
    services.share_item(keys_of(alice), alice, shared)
    before = page(bob_client, "/map/partner/")
    api_before = api_client(bob).get("/api/v1/map/partner").json()

    # However much Alice writes privately, Bob's view does not change by a byte.
    for index in range(5):
        add(alice, section=["growth", "events", "values"][index % 3], text=f"private thought {index}", detail="more")
    assert page(bob_client, "/map/partner/") == before
    assert api_client(bob).get("/api/v1/map/partner").json() == api_before
    assert "I listen" in before and "private thought" not in before
    assert api_before["sections"] == [
        {"section": "strengths", "label": "Strengths", "items": [{"section": "strengths", "text": "I listen",
                                                                   "detail": "", "when": ""}]}
    ]  # fmt: skip


def test_the_partners_own_map_pages_never_show_the_others_items(alice, bob):
    add(alice, text="alice private")
    services.share_item(keys_of(alice), alice, add(alice, text="alice shared"))
    html = page(signed_in(bob), "/map/")
    assert "alice private" not in html and "alice shared" not in html
    assert api_client(bob).get("/api/v1/map/items").json() == []


def test_unsharing_takes_it_away_from_the_partner_at_once(alice, bob):
    item = add(alice, text="I listen")
    signed_in(alice).post(f"/map/{item.pk}/share/")
    assert "I listen" in page(signed_in(bob), "/map/partner/")
    assert signed_in(alice).post(f"/map/{item.pk}/unshare/").status_code == 302
    assert not SharedMapItem.unscoped.exists()
    assert "I listen" not in page(signed_in(bob), "/map/partner/")
    assert "I listen" in page(signed_in(alice), "/map/")  # Alice keeps her own


def test_unsharing_works_even_while_locked(alice, bob):
    item = add(alice)
    services.share_item(keys_of(alice), alice, item)
    assert signed_in(alice, unlocked=False).post(f"/map/{item.pk}/unshare/").status_code == 302
    assert not SharedMapItem.unscoped.exists()


def test_editing_a_shared_item_says_so_and_updates_what_the_partner_sees(alice, bob):
    item = add(alice, text="I listen")
    services.share_item(keys_of(alice), alice, item)
    client = signed_in(alice)
    assert "Bob can see this item. Saving changes what Bob sees too." in page(client, f"/map/{item.pk}/edit/")
    client.post(f"/map/{item.pk}/edit/", {"text": "I listen closely"})
    assert "I listen closely" in page(signed_in(bob), "/map/partner/")


def test_deleting_a_shared_item_deletes_the_shared_copy(alice, bob):
    item = add(alice)
    services.share_item(keys_of(alice), alice, item)
    signed_in(alice).post(f"/map/{item.pk}/delete/")
    assert not SharedMapItem.unscoped.exists()


def test_shared_copies_are_sealed_under_the_couple_key(alice, bob):
    item = add(alice)
    shared = services.share_item(keys_of(alice), alice, item)
    assert shared.text.kind == "C" and item.text.kind == "U"
    assert keys_of(bob).open(shared.text, shared, "text") == "Patient with beginners"


def test_after_unpairing_the_former_partner_sees_nothing_and_each_keeps_their_own(alice, bob):
    mine = add(alice, text="I listen")
    services.share_item(keys_of(alice), alice, mine)
    theirs = add(bob, text="I plan ahead")
    services.share_item(keys_of(bob), bob, theirs)

    couples.unpair(bob)

    assert not SharedMapItem.unscoped.exists()
    assert "I listen" not in page(signed_in(bob), "/map/partner/")
    assert api_client(bob).get("/api/v1/map/partner").status_code == 409
    assert "I listen" in page(signed_in(alice), "/map/") and "I plan ahead" in page(signed_in(bob), "/map/")


def test_only_someone_in_an_active_couple_can_share(erin):
    item = add(erin)
    assert "Sharing needs a partner" in page(signed_in(erin), f"/map/{item.pk}/share/")
    signed_in(erin).post(f"/map/{item.pk}/share/")
    response = api_client(erin).post(f"/api/v1/map/items/{item.pk}/share")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_paired"
    assert not SharedMapItem.unscoped.exists()


def test_nobody_else_can_touch_an_item_through_the_api(alice, bob, charlie):
    item = add(alice)
    for other in (bob, charlie):
        client = api_client(other)
        assert client.get(f"/api/v1/map/items/{item.pk}").status_code == 404
        assert client.post(f"/api/v1/map/items/{item.pk}/share").status_code == 404
        assert client.delete(f"/api/v1/map/items/{item.pk}").status_code == 404
    assert MapItem.objects.for_user(alice).count() == 1 and not SharedMapItem.unscoped.exists()


def test_the_whole_map_through_the_api(alice, bob):
    client = api_client(alice)
    sections = client.get("/api/v1/map/sections").json()
    assert [s["id"] for s in sections] == ["strengths", "growth", "events", "people", "values", "acceptance"]
    created = client.post(
        "/api/v1/map/items", json.dumps({"section": "events", "text": "First job", "when": "2019"}), JSON
    )
    assert created.status_code == 201
    item = created.json()
    assert (item["text"], item["when"], item["shared"]) == ("First job", "2019", False)
    preview = client.get(f"/api/v1/map/items/{item['id']}/share").json()
    assert preview == {
        "partner": {"display_name": "Bob"},
        "shared": False,
        "item": {"section": "events", "text": "First job", "detail": "", "when": "2019"},
    }
    assert client.post(f"/api/v1/map/items/{item['id']}/share").json()["shared"] is True
    assert api_client(bob).get("/api/v1/map/partner").json()["sections"][0]["items"] == [preview["item"]]
    updated = client.put(f"/api/v1/map/items/{item['id']}", json.dumps({"text": "My first job", "when": "2019"}), JSON)
    assert updated.json()["text"] == "My first job"
    assert api_client(bob).get("/api/v1/map/partner").json()["sections"][0]["items"][0]["text"] == "My first job"
    assert client.delete(f"/api/v1/map/items/{item['id']}/share").status_code == 204
    assert api_client(bob).get("/api/v1/map/partner").json()["sections"] == []
    assert client.delete(f"/api/v1/map/items/{item['id']}").status_code == 204
    assert client.get("/api/v1/map/items").json() == []


# --- pages stay fast


def test_the_map_page_takes_the_same_queries_however_much_is_on_it(alice, bob, django_assert_num_queries):
    client = signed_in(alice)
    # session, user, the items with their shared copies, the partner
    with django_assert_num_queries(4):
        client.get("/map/")
    for index in range(30):
        item = add(alice, section=["strengths", "events", "people"][index % 3], text=f"item {index}", detail="d")
        if index % 4 == 0:
            services.share_item(keys_of(alice), alice, item)
    with django_assert_num_queries(4):
        assert "item 29" in client.get("/map/").content.decode()


def test_the_partners_map_takes_the_same_queries_however_much_is_shared(alice, bob, django_assert_num_queries):
    client = signed_in(bob)
    services.share_item(keys_of(alice), alice, add(alice))
    # session, user, partner, shared copies, the couple key, Bob's key material
    with django_assert_num_queries(6):
        client.get("/map/partner/")
    for index in range(20):
        services.share_item(keys_of(alice), alice, add(alice, text=f"shared {index}"))
    with django_assert_num_queries(6):
        assert "shared 19" in client.get("/map/partner/").content.decode()


# --- account-wide: export, start afresh, what is stored


def test_the_export_holds_ones_own_map_and_not_the_partners(alice, bob):
    add(alice, text="alice's own item")
    services.share_item(keys_of(bob), bob, add(bob, text="bob's shared item"))
    archive = build_zip(alice, keys_of(alice))
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        items = json.loads(opened.read("self-knowledge-map.json"))
        markdown = opened.read("self-knowledge-map.md").decode()
        everything = b"".join(opened.read(name) for name in opened.namelist())
    assert [item["text"] for item in items] == ["alice's own item"]
    assert "alice's own item" in markdown
    assert b"bob's shared item" not in everything


def test_starting_afresh_destroys_the_map_and_its_shared_copies(alice, bob):
    services.share_item(keys_of(alice), alice, add(alice))
    vault.destroy_private_data(alice)
    assert not MapItem.unscoped.exists() and not SharedMapItem.unscoped.exists()


@pytest.mark.django_db(transaction=True)
def test_what_is_written_on_the_map_is_never_stored_in_the_clear(alice, bob):
    web_canary, api_canary, shared_canary = (f"canary-{kind}-{uuid.uuid4()}" for kind in ("web", "api", "shared"))
    signed_in(alice).post("/map/add/people/", {"text": web_canary, "detail": web_canary})
    api_client(alice).post(
        "/api/v1/map/items", json.dumps({"section": "events", "text": api_canary, "when": api_canary}), JSON
    )
    item = add(alice, text=shared_canary)
    signed_in(alice).post(f"/map/{item.pk}/share/")
    assert shared_canary in page(signed_in(bob), "/map/partner/")
    stored = all_table_bytes()
    for canary in (web_canary, api_canary, shared_canary):
        assert canary.encode() not in stored


def test_today_nudges_towards_the_map_even_when_locked(alice):
    html = page(signed_in(alice, unlocked=False), "/")
    assert 'id="map-card-title"' in html and "/map/add/" in html


def test_a_locked_person_is_asked_to_unlock_first(alice):
    response = signed_in(alice, unlocked=False).get("/map/")
    assert response.status_code == 302 and response["Location"].startswith("/unlock/")


def test_the_partners_map_without_a_partner_explains_itself(erin):
    html = page(signed_in(erin), "/map/partner/")
    assert "Once you are paired" in html


def test_every_map_page_keeps_to_the_csp_and_has_quick_exit(alice, bob):
    item = add(alice)
    services.share_item(keys_of(alice), alice, add(alice, section="events", text="Moved", when="2019"))
    client = signed_in(alice)
    for path in ["/map/", "/map/add/events/", f"/map/{item.pk}/edit/", f"/map/{item.pk}/delete/",
                 f"/map/{item.pk}/share/", "/map/partner/"]:  # fmt: skip
        html = page(client, path)
        assert ">Quick exit<" in html, path
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html)), path
        assert " style=" not in html and " on" + "click=" not in html, path
