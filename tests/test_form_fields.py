"""The form as data: every mandatory field, every identifier, each defect at its JSON pointer."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from typing import Any

import pytest
from conftest import AS_OF, EXAMPLES, SCHEMAS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mosprecheck
from mosprecheck.api import check_facts
from mosprecheck.application import parse_application
from mosprecheck.rulebook import load_rulebook
from mosprecheck.case.form import parse_spec, parts, resolve
from mosprecheck.rules.form_fields import MANDATORY_FIELDS, mandatory_pointers
from mosprecheck.case import CheckContext

READY = sorted(
    p.name for p in EXAMPLES.iterdir()
    if p.is_dir() and p.name.endswith("-ready") and (p / "application.json").exists()
)


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name / "application.json").read_text(encoding="utf-8"))


def check(app: Any) -> mosprecheck.Report:
    """Check a description alone (no files, in process): the form rules do not depend on the files."""
    return check_facts((), app, as_of=AS_OF)


def context(app: dict[str, Any]) -> CheckContext:
    parsed = parse_application(app)
    filing = parsed.model.filing_date or AS_OF
    return CheckContext(files=(), parsed=parsed, as_of=AS_OF, filing_date=filing,
                        rulebook=load_rulebook().at(filing))


def delete(app: dict[str, Any], pointer: str) -> dict[str, Any]:
    out = copy.deepcopy(app)
    *head, last = parts(pointer)
    node: Any = out
    for part in head:
        node = node[int(part)] if isinstance(node, list) else node[part]
    del node[last]
    return out


def put(app: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(app)
    *head, last = parts(pointer)
    node: Any = out
    for part in head:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


def at(report: mosprecheck.Report, pointer: str) -> list[tuple[str, str]]:
    return [(d.code, d.category.value) for d in report.defects if d.field == pointer]


def d_codes(report: mosprecheck.Report) -> list[str]:
    return sorted(d.code for d in report.defects if d.code.startswith("D"))


MANDATORY = [(name, pointer) for name in READY for pointer in mandatory_pointers(context(example(name)))]


# ---------------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------------


def test_there_are_ready_examples_for_the_main_grounds():
    grounds = {(example(n)["permit"]["type"], example(n)["permit"]["ground"]) for n in READY}
    assert {("temporary_residence", g) for g in
            ("work_single_permit", "study", "business", "family_reunification", "spouse_of_polish_citizen")} <= grounds
    assert any(t == "permanent_residence" for t, _ in grounds)


def test_every_pointer_of_the_mandatory_field_data_names_a_model_field():
    fact = load_rulebook().fact(MANDATORY_FIELDS)
    for fv in fact.values:
        entries = parse_spec(fv.value)  # raises on a pointer that names no field
        assert entries


def test_mandatory_fields_apply_from_the_2025_form_on_and_change_with_the_2026_form():
    fact = load_rulebook().fact(MANDATORY_FIELDS)
    assert fact.value_on(dt.date(2025, 12, 1)) is not None
    assert fact.value_on(dt.date(2025, 11, 30)) is None
    assert fact.value_on(dt.date(2026, 4, 26)) is not fact.value_on(dt.date(2026, 4, 27))
    assert "Dz.U. 2025 poz. 1647" in fact.value_on(dt.date(2026, 4, 26)).sources
    assert "Dz.U. 2026 poz. 553" in fact.value_on(dt.date(2026, 4, 27)).sources
    assert fact.decision and "Dz.U. 2026 poz. 553" in fact.decision and "unverified" in fact.decision


def _with_filing_date(app: dict[str, Any], day: str) -> dict[str, Any]:
    return put(app, "/filing_date", day)


@pytest.mark.parametrize(("day", "mandatory"), [("2026-04-26", True), ("2026-04-27", False)])
def test_the_requested_period_and_return_decision_belong_to_the_2025_form_only(work_application, day, mandatory):
    """Legal review rows 46-47 and demo D7: the form of Dz.U. 2026 poz. 553 has neither."""
    pointers = set(mandatory_pointers(context(_with_filing_date(work_application, day))))
    assert ("/purpose/requested_period_to" in pointers) is mandatory
    assert ("/additional_information/return_decision" in pointers) is mandatory
    assert ("/additional_information/detention" in pointers) is not mandatory
    assert ("/address_in_country_of_origin/country" in pointers) is not mandatory
    assert ("/annex_1/job/occupation_code" in pointers) is not mandatory


@pytest.mark.parametrize("day", ["2026-03-02", "2026-04-26", "2026-04-27", "2026-12-01"])
def test_legal_stay_until_is_never_a_mandatory_form_field(work_application, day):
    """It is an input of the filing-deadline check (K020), not a box of any form (legal review row 48)."""
    app = delete(_with_filing_date(work_application, day), "/legal_stay_until")
    assert "/legal_stay_until" not in mandatory_pointers(context(app))
    assert at(check(app), "/legal_stay_until") == []


def test_every_permit_type_has_a_form_model_and_only_the_553_form_is_verified():
    rb = load_rulebook()
    after = rb.value("form.models", on=dt.date(2026, 4, 27))
    assert after["temporary_residence"] == {"regulation": "Dz.U. 2026 poz. 553", "verified": True,
                                            "checked_against": "Dz.U. 2026 poz. 553", "labelled": True}
    assert after["permanent_residence"]["regulation"] == "Dz.U. 2026 poz. 488"
    assert after["long_term_eu_resident"]["regulation"] == "Dz.U. 2026 poz. 487"
    assert not after["permanent_residence"]["verified"] and not after["long_term_eu_resident"]["verified"]
    before = rb.value("form.models", on=dt.date(2026, 4, 26))
    assert not any(m["verified"] for m in before.values())


def test_an_unverified_form_is_said_in_an_advisory_and_in_every_missing_field(work_application):
    app = put(put(work_application, "/permit", {"type": "long_term_eu_resident", "ground": "long_term_residence"}),
              "/applicant/occupation", "programistka")
    report = check(delete(app, "/applicant/occupation"))
    [advisory] = [d for d in report.defects if d.code == "D007"]
    assert advisory.category.value == "advisory" and "art. 219 ust. 1" in advisory.message["pl"]
    [missing] = [d for d in report.defects if d.field == "/applicant/occupation"]
    assert missing.ctx["form_verified"] is False and missing.ctx["form"] == "Dz.U. 2026 poz. 487"
    assert "D007" not in check(work_application).codes


@pytest.mark.parametrize("answer", ["brak", "BRAK", " Brak\n"])
def test_brak_answers_a_text_box_but_not_a_condition_or_an_alternative(work_application, answer):
    assert at(check(put(work_application, "/applicant/special_marks", answer)), "/applicant/special_marks") == []
    app = put(work_application, "/address_in_previous_country", {"country": answer})
    assert d_codes(check(app)) == []
    # "brak" is no register entry: one of the real alternatives is still needed.
    app = put(delete(work_application, "/annex_1/entity/krs"), "/annex_1/entity/pesel", answer)
    assert at(check(app), "/annex_1/entity") == [("D005", "formal_defect")]


def test_typed_boxes_answer_none_in_their_own_type(work_application):
    """'brak' is for text boxes; a count answers 0 and a list [] (a 'brak' there is a shape error)."""
    assert d_codes(check(put(work_application, "/travel_document/persons_entered", 0))) == []
    assert at(check(put(work_application, "/travel_document/persons_entered", "brak")),
              "/travel_document/persons_entered") == [("D001", "formal_defect")]
    assert at(check(delete(work_application, "/applicant/previous_surnames")),
              "/applicant/previous_surnames") == [("D003", "formal_defect")]


def test_an_identity_document_has_no_persons_entered(work_application):
    app = delete(put(work_application, "/travel_document/type", "id_card"), "/travel_document/persons_entered")
    assert at(check(app), "/travel_document/persons_entered") == []


def test_agency_work_needs_the_user_employer(work_application):
    report = check(put(work_application, "/annex_1/agency_work", True))
    fields = {d.field for d in report.defects if d.code in ("D003", "D004")}
    assert {"/annex_1/entity/employment_agency_number", "/annex_1/user_employer"} <= fields
    # An agency number given (not "brak") means agency work even without the flag.
    report = check(put(work_application, "/annex_1/entity/employment_agency_number", "12345"))
    assert "/annex_1/user_employer" in {d.field for d in report.defects if d.code == "D004"}
    assert d_codes(check(put(work_application, "/annex_1/entity/employment_agency_number", "brak"))) == []


def test_means_and_insurance_are_asked_of_the_spouse_of_a_polish_citizen_from_2026():
    app = delete(example("spouse-of-polish-citizen-ready"), "/means_of_subsistence")
    assert "/means_of_subsistence" in {d.field for d in check(app).defects if d.code == "D004"}
    earlier = put(app, "/filing_date", "2026-04-26")
    assert "/means_of_subsistence/source" not in mandatory_pointers(context(earlier))


def test_the_permanent_residence_form_follows_article_203():
    pointers = set(mandatory_pointers(context(example("permanent-residence-ready"))))
    assert {"/applicant/occupation", "/additional_information/tax_liabilities",
            "/additional_information/detention"} <= pointers
    assert "/family_members" not in pointers  # not in art. 203 ust. 1
    assert "/additional_information/liabilities_under_judgments" not in pointers
    married = put(example("permanent-residence-ready"), "/applicant/marital_status", "married")
    assert "/spouse" in {d.field for d in check(married).defects if d.code == "D004"}


def test_signature_and_pesel_are_not_mandatory_fields_here():
    """Owned by the signature and MOS-eligibility rules (not_fileable), so never reported twice."""
    for name in READY:
        pointers = mandatory_pointers(context(example(name)))
        assert not [p for p in pointers if p.startswith("/signature")]
        assert "/applicant/pesel" not in pointers


def test_the_ground_decides_which_annex_is_mandatory():
    per_ground = {example(n)["permit"]["ground"]: set(mandatory_pointers(context(example(n)))) for n in READY}
    assert "/annex_1/job/position" in per_ground["work_single_permit"]
    assert "/study/university" in per_ground["study"]
    assert "/business/nip" in per_ground["business"]
    assert "/sponsor/residence_title" in per_ground["family_reunification"]
    assert "/sponsor/married_on" in per_ground["spouse_of_polish_citizen"]
    # Part E.V of the 2026 form is put to every temporary-residence applicant (Dz.U. 2026 poz. 553).
    assert "/means_of_subsistence/source" in per_ground["spouse_of_polish_citizen"]
    assert "/purpose/requested_period_to" not in per_ground["karta_polaka"]
    assert not any(p.startswith("/annex_1") for p in per_ground["study"])


# ---------------------------------------------------------------------------------------------
# Item 7: deleting any mandatory field of a ready example gives a formal defect at that pointer
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READY)
def test_ready_examples_have_no_form_defects(name):
    """No form finding, but the advisory D007 where the form's list is not verified (PRP, LTR)."""
    assert [d for d in check(example(name)).defects if d.code.startswith("D") and d.code != "D007"] == []


def test_the_mandatory_field_property_covers_many_fields():
    assert len(MANDATORY) > 300


@pytest.mark.parametrize(("name", "pointer"), MANDATORY, ids=[f"{n}:{p}" for n, p in MANDATORY])
def test_deleting_a_mandatory_field_is_a_formal_defect_at_exactly_its_pointer(name, pointer):
    report = check(delete(example(name), pointer))
    assert ("D003", "formal_defect") in at(report, pointer), [(d.code, d.field) for d in report.defects]
    assert not report.ready_to_file


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(MANDATORY), blank=st.sampled_from([None, "", "   ", "\t\n", []]))
def test_blanking_a_mandatory_field_is_a_formal_defect_at_its_pointer(case, blank):
    name, pointer = case
    app = example(name)
    if blank == [] and isinstance(resolve(app, pointer), list):
        return  # [] answers "none" for the family and stays lists
    report = check(put(app, pointer, blank))
    assert any(cat == "formal_defect" for _, cat in at(report, pointer)), [(d.code, d.field) for d in report.defects]


def test_an_invalid_mandatory_value_is_reported_once_as_invalid_not_also_as_missing(work_application):
    report = check(put(work_application, "/applicant/date_of_birth", "14.05.1994"))
    assert at(report, "/applicant/date_of_birth") == [("D001", "formal_defect")]


def test_a_missing_section_is_one_defect_listing_its_mandatory_fields(work_application):
    report = check(delete(work_application, "/annex_1"))
    section = [d for d in report.defects if d.field == "/annex_1" and d.code == "D004"]
    assert len(section) == 1 and section[0].category.value == "formal_defect"
    assert "/annex_1/job/position" in section[0].ctx["fields"]
    assert not [d for d in report.defects if (d.field or "").startswith("/annex_1/") and d.code == "D003"]


def test_alternatives_need_one_of_them(work_application):
    app = delete(work_application, "/annex_1/entity/krs")
    report = check(app)
    assert at(report, "/annex_1/entity") == [("D005", "formal_defect")]
    assert at(check(put(app, "/annex_1/entity/ceidg", True)), "/annex_1/entity") == []
    # A sole trader in CEIDG without NIP and REGON: both mandatory then.
    app = put(delete(delete(app, "/annex_1/entity/nip"), "/annex_1/entity/regon"), "/annex_1/entity/ceidg", True)
    assert {d.field for d in check(app).defects if d.code == "D003"} >= {"/annex_1/entity/nip", "/annex_1/entity/regon"}


def test_a_yes_in_part_f_makes_the_details_mandatory(work_application):
    app = put(work_application, "/additional_information/convicted", True)
    report = check(app)
    assert at(report, "/additional_information/details") == [("D003", "formal_defect")]
    [details] = [d for d in report.defects if d.field == "/additional_information/details"]
    assert "convicted" in details.message["en"]
    app = put(app, "/additional_information/details", "Wyrok z 2015 r., zatarty.")
    assert at(check(app), "/additional_information/details") == []


def test_out_of_poland_needs_no_entry_date(work_application):
    app = put(work_application, "/current_stay", {"in_poland": False})
    assert not [d for d in check(app).defects if d.code.startswith("D") and (d.field or "").startswith("/current_stay")]


def test_an_empty_family_list_answers_none_but_a_missing_one_does_not(work_application):
    assert at(check(put(work_application, "/family_members", [])), "/family_members") == []
    assert at(check(delete(work_application, "/family_members")), "/family_members") == [("D003", "formal_defect")]


def test_family_member_items_have_mandatory_fields(work_application):
    app = put(work_application, "/family_members", [{"given_names": "IHOR"}])
    fields = {d.field for d in check(app).defects if d.code == "D003"}
    assert "/family_members/0/surname" in fields and "/family_members/0/date_of_birth" in fields
    assert "/family_members/0/given_names" not in fields


def test_a_representative_when_named_needs_a_name(work_application):
    app = put(work_application, "/representative", {"is_advocate_or_legal_adviser": True})
    fields = {d.field for d in check(app).defects if d.code == "D003"}
    assert {"/representative/given_names", "/representative/surname"} <= fields


def test_the_message_names_the_polish_form_label_and_the_reason(work_application):
    report = check(delete(work_application, "/annex_1/job/position"))
    d = next(d for d in report.defects if d.field == "/annex_1/job/position")
    assert "stanowisko" in d.message["pl"] and "work_single_permit" in d.message["en"]
    assert d.legal_basis == "art. 64 § 2 KPA"


def test_before_the_2025_form_the_fields_are_not_checked_and_the_report_says_so(work_application):
    report = check(put(delete(work_application, "/applicant/surname"), "/filing_date", "2025-06-02"))
    assert "D006" in report.codes and "D003" not in report.codes


def test_an_empty_description_lists_every_missing_section():
    report = check({})
    assert {"/applicant", "/travel_document", "/address_in_poland", "/permit"} <= {
        d.field for d in report.defects if d.code == "D004"}


# ---------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------

IDENTIFIERS = {
    "D010": ("/applicant/pesel", "/annex_1/entity/pesel", "/sponsor/pesel"),
    "D013": ("/annex_1/entity/nip", "/business/nip"),
    "D014": ("/annex_1/entity/regon", "/business/regon"),
}
BROKEN = [
    (name, code, pointer)
    for name in READY for code, pointers in IDENTIFIERS.items() for pointer in pointers
    if isinstance(resolve(example(name), pointer), str)
]


def test_every_identifier_kind_is_present_in_some_ready_example():
    assert {code for _, code, _ in BROKEN} == set(IDENTIFIERS)
    assert {p for _, _, p in BROKEN} >= {"/applicant/pesel", "/sponsor/pesel", "/business/nip", "/annex_1/entity/regon"}


@pytest.mark.parametrize(("name", "code", "pointer"), BROKEN, ids=[f"{n}:{p}" for n, _, p in BROKEN])
def test_breaking_a_checksum_is_a_defect_at_its_pointer(name, code, pointer):
    app = example(name)
    value = resolve(app, pointer)
    broken = value[:-1] + str((int(value[-1]) + 1) % 10)
    report = check(put(app, pointer, broken))
    assert at(report, pointer) == [(code, "formal_defect")]
    assert broken not in json.dumps(report.model_dump(mode="json"))  # the number itself is never echoed


def test_regon_of_14_digits_and_nip_with_dashes_are_valid(work_application):
    from stdnum.pl import regon

    r14 = "12345678" + regon.calc_check_digit("12345678") + "0001"
    r14 = r14[:13] + regon.calc_check_digit(r14[:13])
    app = put(put(work_application, "/annex_1/entity/regon", r14), "/annex_1/entity/nip", "527-000-00-99")
    assert d_codes(check(app)) == []


def test_pesel_must_agree_with_date_of_birth_and_sex(work_application):
    report = check(put(work_application, "/applicant/date_of_birth", "1994-05-15"))
    assert at(report, "/applicant/pesel") == [("D011", "formal_defect")]
    report = check(put(work_application, "/applicant/sex", "M"))
    assert at(report, "/applicant/pesel") == [("D012", "formal_defect")]
    [sex] = [d for d in report.defects if d.code == "D012"]
    assert "kobieta" in sex.message["pl"]


def test_pesel_of_someone_born_after_2000_is_valid():
    """The month of a PESEL carries the century (+20 for the 2000s): validators that reject a
    month above 12 are wrong (§12)."""
    app = example("study-ready")
    assert app["applicant"]["date_of_birth"].startswith("200") and app["applicant"]["pesel"][2] in "23"
    assert d_codes(check(app)) == []


@pytest.mark.parametrize(("pointer", "value", "code", "suggestion"), [
    ("/annex_1/entity/krs", "123456", "D015", "0000123456"),
    ("/annex_1/entity/krs", "KRS0000123456", "D015", None),
    ("/address_in_poland/postal_code", "00590", "D016", "00-590"),
    ("/address_in_poland/postal_code", "00-5900", "D016", None),
    ("/applicant/citizenship", "UA", "D017", "UKR"),
    ("/applicant/citizenship", "Ukraina", "D017", "UKR"),
    ("/applicant/country_of_birth", "XYZ", "D017", None),
    ("/annex_1/entity/pkd", "6201Z", "D018", "62.01.Z"),
    ("/annex_1/entity/pkd", "62.01", "D018", None),
    ("/applicant/email", "olena.kowalenko@example", "D019", None),
    ("/applicant/email", "a b@example.com", "D019", None),
    ("/applicant/phone", "600-100", "D020", None),
    ("/applicant/phone", "+48 600 100 200 ext. 5", "D020", None),
])
def test_malformed_values_are_defects_at_their_pointer(work_application, pointer, value, code, suggestion):
    report = check(put(work_application, pointer, value))
    hits = [d for d in report.defects if d.field == pointer]
    assert [(d.code, d.category.value) for d in hits] == [(code, "formal_defect")]
    assert hits[0].ctx.get("suggestion") == suggestion


def test_country_names_are_polish_in_polish_messages(work_application):
    report = check(put(work_application, "/applicant/citizenship", "Ukraine"))
    d = next(d for d in report.defects if d.code == "D017")
    assert "UKR (Ukraina)" in d.message["pl"] and "UKR (Ukraine)" in d.message["en"]


@pytest.mark.parametrize("value", ["XXA", "D", "ukr", "RKS"])
def test_passport_nationality_codes_are_accepted(work_application, value):
    assert d_codes(check(put(work_application, "/applicant/citizenship", value))) == []


# ---------------------------------------------------------------------------------------------
# Cross-field logic
# ---------------------------------------------------------------------------------------------


def test_an_expired_travel_document_is_a_formal_defect_and_one_expiring_soon_an_advisory(work_application):
    expired = check(put(work_application, "/travel_document/expires_on", "2026-11-30"))
    assert at(expired, "/travel_document/expires_on") == [("D021", "formal_defect")]
    on_the_day = check(put(work_application, "/travel_document/expires_on", "2026-12-01"))
    assert at(on_the_day, "/travel_document/expires_on") == [("D022", "advisory")]
    soon = check(put(work_application, "/travel_document/expires_on", "2027-02-28"))
    assert at(soon, "/travel_document/expires_on") == [("D022", "advisory")]
    later = check(put(work_application, "/travel_document/expires_on", "2027-03-01"))
    assert at(later, "/travel_document/expires_on") == []


def test_date_of_birth_in_the_past_and_plausible(work_application):
    future = put(put(work_application, "/applicant/date_of_birth", "2027-05-14"), "/applicant/pesel", None)
    assert at(check(future), "/applicant/date_of_birth") == [("D023", "formal_defect")]
    ancient = put(put(work_application, "/applicant/date_of_birth", "1894-05-14"), "/applicant/pesel", None)
    assert at(check(ancient), "/applicant/date_of_birth") == [("D024", "formal_defect")]


@pytest.mark.parametrize(("pointer", "value", "reported_at"), [
    ("/travel_document/issued_on", "2033-03-03", "/travel_document/expires_on"),
    ("/travel_document/issued_on", "2026-12-02", "/travel_document/issued_on"),
    ("/current_stay/last_entry_on", "2026-12-05", "/current_stay/last_entry_on"),
    ("/previous_stays_in_poland/0/date_to", "2025-01-01", "/previous_stays_in_poland/0/date_to"),
    ("/annex_1/job/period_to", "2027-01-01", "/annex_1/job/period_to"),
    ("/travels_abroad/0/date_to", "2025-07-01", "/travels_abroad/0/date_to"),
])
def test_dates_in_the_wrong_order_are_a_formal_defect(work_application, pointer, value, reported_at):
    report = check(put(work_application, pointer, value))
    assert ("D025", "formal_defect") in at(report, reported_at)


@pytest.mark.parametrize(("pointer", "value"), [
    ("/applicant/height_cm", 2), ("/annex_1/job/working_time_fraction", 100.0),
    ("/annex_1/job/monthly_gross_salary_pln", 0.0), ("/means_of_subsistence/household_size", 0),
])
def test_implausible_numbers_are_defects(work_application, pointer, value):
    assert ("D026", "formal_defect") in at(check(put(work_application, pointer, value)), pointer)


def test_a_name_in_cyrillic_is_an_advisory(work_application):
    report = check(put(work_application, "/applicant/surname", "КОВАЛЕНКО"))
    assert at(report, "/applicant/surname") == [("D027", "advisory")]
    assert d_codes(check(put(work_application, "/applicant/surname", "ŻÓŁKIEWSKA-O'NEILL"))) == []


# ---------------------------------------------------------------------------------------------
# Bad input: any JSON at any position gives a report, never an exception, in bounded time
# ---------------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
    | st.sampled_from(["", " ", "9405140732", "00-590", "XXA", "2026-13-45", "x" * 5000, "ż" * 300]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)


def _all_pointers(value: Any, prefix: str = "") -> list[str]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _all_pointers(v, f"{prefix}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _all_pointers(v, f"{prefix}/{i}")
    return out


POSITIONS = [(name, p) for name in READY for p in _all_pointers(example(name))]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(POSITIONS), value=JSON)
def test_any_json_value_in_any_position_gives_a_report(case, value):
    name, pointer = case
    report = check(put(example(name), pointer, value))
    assert "X900" not in report.codes, [d.ctx for d in report.defects if d.code == "X900"]
    for d in report.defects:
        assert d.field is None or d.field == "" or d.field.startswith("/")
    json.loads(report.model_dump_json())


def test_huge_and_deep_input_is_checked_in_bounded_time(work_application):
    app = copy.deepcopy(work_application)
    for pointer in _all_pointers(app):
        if isinstance(resolve(app, pointer), str):
            app = put(app, pointer, "ą" * 200_000)
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    app["applicant"]["previous_surnames"] = deep
    app["family_members"] = [{"given_names": "A" * 1000, "citizenship": "??"}] * 2000
    start = time.monotonic()
    report = check(app)
    assert time.monotonic() - start < 30
    assert "X900" not in report.codes and not report.ready_to_file


# ---------------------------------------------------------------------------------------------
# The schema describes every field
# ---------------------------------------------------------------------------------------------


def test_every_field_of_the_application_schema_has_an_english_description_and_a_polish_label():
    schema = json.loads((SCHEMAS / "application.schema.json").read_text(encoding="utf-8"))
    models = {"Application": schema, **schema["$defs"]}
    missing = []
    for model, body in models.items():
        for key, prop in body.get("properties", {}).items():
            desc = prop.get("description", "")
            if "PL: " not in desc or len(desc.split("PL: ")[0].strip()) < 3:
                missing.append(f"{model}.{key}")
    assert missing == []


def test_uncertain_fields_say_so_in_the_schema():
    """Sections read from the 2026 form (Dz.U. 2026 poz. 553) are no longer uncertain; the study,
    business and sponsor sections were never checked against a form text and still say so."""
    schema = json.loads((SCHEMAS / "application.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    for name in ("Study", "Business", "Sponsor"):
        assert "uncertain: inferred from the 2019 form model" in defs[name]["description"], name
    for name in ("Applicant", "TravelDocument", "AdditionalInformation", "ForeignAddress", "Job"):
        assert "uncertain" not in json.dumps(defs[name], ensure_ascii=False), name


def test_the_spouses_date_of_birth_is_checked_like_the_applicants():
    app = put(example("permanent-residence-ready"), "/applicant/marital_status", "married")
    app = put(app, "/spouse", {"given_names": "IVAN", "surname": "KAVALEUSKI", "previous_names": "brak",
                               "family_name_at_birth": "KAVALEUSKI", "sex": "M", "date_of_birth": "2027-01-01",
                               "citizenship": "BLR", "place_of_residence": "Lublin, ul. Narutowicza 7/21"})
    report = check(app)
    assert at(report, "/spouse/date_of_birth") == [("D023", "formal_defect")]
    assert not [d for d in report.defects if d.code == "D003" and (d.field or "").startswith("/spouse")]


def test_the_long_term_resident_form_follows_article_219(work_application):
    app = put(work_application, "/permit", {"type": "long_term_eu_resident", "ground": "long_term_residence"})
    pointers = set(mandatory_pointers(context(app)))
    assert {"/applicant/occupation", "/means_of_subsistence/household_size", "/family_members",
            "/additional_information/ltr_permit_in_other_member_state", "/stays_in_other_member_states"} <= pointers
    assert "/additional_information/tax_liabilities" not in pointers
    app = put(put(app, "/stays_in_other_member_states", [{"country": "DEU", "date_from": "2020-01-01"}]),
              "/applicant/occupation", "programistka")
    fields = {d.field for d in check(app).defects if d.code == "D003"}
    assert {"/stays_in_other_member_states/0/date_to", "/stays_in_other_member_states/0/basis",
            "/additional_information/ltr_permit_in_other_member_state"} <= fields


# ---------------------------------------------------------------------------------------------
# "brak" only where the form takes it (form.brak_allowed_fields, instruction 3 of the form)
# ---------------------------------------------------------------------------------------------

#: The boxes the legal review set to "brak" in work-ready: each one needs real data.
BRAK_NOT_AN_ANSWER = [
    "/applicant/surname",
    "/travel_document/series_and_number",
    "/address_in_poland/locality",
    "/purpose/justification",
    "/annex_1/entity/name",
    "/annex_1/entity/pkd",
    "/annex_1/job/position",
    "/annex_1/job/occupation_code",
    "/annex_1/job/duties",
]


@pytest.mark.parametrize("pointer", BRAK_NOT_AN_ANSWER)
def test_brak_is_no_answer_where_data_cannot_be_absent(work_application, pointer):
    report = check(put(work_application, pointer, "Brak"))
    assert at(report, pointer) == [("D003", "formal_defect")]
    [defect] = [d for d in report.defects if d.field == pointer]
    assert defect.ctx["none_answer"] is True
    assert '"brak" is not an answer for this box: the form takes "brak" only where there are no data (mandatory' in defect.message["en"]
    assert "„brak” nie jest odpowiedzią" in defect.message["pl"]
    assert "«brak» не є відповіддю в цій графі" in defect.message["uk"]
    assert "« brak » n’est pas une réponse" in defect.message["fr"]


def test_the_reviewers_work_package_with_brak_everywhere_is_not_ready(work_application):
    app = work_application
    for pointer in BRAK_NOT_AN_ANSWER:
        app = put(app, pointer, "brak")
    report = check(app)
    assert {d.field for d in report.defects if d.code == "D003"} >= set(BRAK_NOT_AN_ANSWER)


@pytest.mark.parametrize("pointer", [
    "/applicant/special_marks", "/applicant/father_name", "/applicant/education", "/applicant/phone",
    "/address_in_country_of_origin/region", "/address_in_country_of_origin/house_number",
    "/address_in_poland/street", "/annex_1/entity/phone",
])
def test_brak_answers_a_box_that_may_lack_data(work_application, pointer):
    assert at(check(put(work_application, pointer, "brak")), pointer) == []


def test_regon_and_nip_take_brak_only_for_a_natural_person_outside_the_registers(work_application):
    registered = put(work_application, "/annex_1/entity/nip", "brak")
    assert at(check(registered), "/annex_1/entity/nip") == [("D003", "formal_defect")]
    person = delete(registered, "/annex_1/entity/krs")
    person = put(put(person, "/annex_1/entity/pesel", "85010112345"), "/annex_1/entity/regon", "brak")
    report = check(person)
    assert at(report, "/annex_1/entity/nip") == [] and at(report, "/annex_1/entity/regon") == []
    sole_trader = put(person, "/annex_1/entity/ceidg", True)
    assert at(check(sole_trader), "/annex_1/entity/regon") == [("D003", "formal_defect")]


def test_every_pointer_of_the_brak_list_names_a_model_field():
    book = load_rulebook()
    for fv in book.facts["form.brak_allowed_fields"].values:
        assert parse_spec(fv.value, "form.brak_allowed_fields")


def test_unless_present_turns_an_entry_off_when_any_of_its_pointers_holds_a_value():
    from mosprecheck.case.form import SpecError

    [entry] = parse_spec([{"unless_present": ["/annex_1/entity/krs", "/annex_1/entity/ceidg"],
                           "fields": ["/annex_1/entity/nip"]}], "form.brak_allowed_fields")
    assert entry.applies({"annex_1": {"entity": {"pesel": "85010112345"}}})
    assert not entry.applies({"annex_1": {"entity": {"krs": "0000123456"}}})
    assert not entry.applies({"annex_1": {"entity": {"ceidg": True}}})
    assert entry.applies({"annex_1": {"entity": {"krs": "brak", "ceidg": False}}})  # "brak"/false: not given
    with pytest.raises(SpecError, match="form.brak_allowed_fields"):
        parse_spec([{"unless_present": ["/annex_1/entity/nope"], "fields": ["/annex_1/entity/nip"]}],
                   "form.brak_allowed_fields")
