"""The application description (``application.json``), ``schema_version: "1"``.

Every field is optional in the model: which fields are mandatory depends on the permit type and
ground and lives in the rulebook (``rulebook/data/fields.yaml``), so a missing field becomes a
``formal_defect`` at its JSON pointer instead of a validation exception. Unknown keys are rejected
by the model (``extra="forbid"``) and reported as advisories by the parser.

The form sections follow the temporary-residence form in force since 2026-04-27 (Dz.U. 2026 poz. 553,
annex 1 parts A-G, and annex 2 = Annex 1 of the employer); fields of the earlier form (requirements.md
§7, inferred from the 2019/2024 model) are kept so that older descriptions still parse. The study,
business and sponsor sections were not checked against a form text: their descriptions say
"(uncertain)".

Published as ``schemas/application.schema.json``; a test keeps the file in sync.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

APPLICATION_SCHEMA_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, str_strip_whitespace=False)


# --------------------------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------------------------


class PermitType(str, Enum):
    """Rodzaj zezwolenia (art. 225a ust. 1 of the Act on Foreigners)."""

    TEMPORARY_RESIDENCE = "temporary_residence"
    PERMANENT_RESIDENCE = "permanent_residence"
    LONG_TERM_EU_RESIDENT = "long_term_eu_resident"


class Ground(str, Enum):
    """Podstawa (cel pobytu): the ground of the permit, requirements.md §2.

    Which grounds go with which permit type is rulebook data (``grounds.yaml``).
    """

    # temporary residence: work
    WORK_SINGLE_PERMIT = "work_single_permit"
    BLUE_CARD = "blue_card"
    BLUE_CARD_LONG_TERM_MOBILITY = "blue_card_long_term_mobility"
    SEASONAL_WORK = "seasonal_work"
    POSTED_WORKER = "posted_worker"
    ICT = "ict"
    ICT_LONG_TERM_MOBILITY = "ict_long_term_mobility"
    BUSINESS = "business"
    # temporary residence: education and research
    STUDY = "study"
    RESEARCH = "research"
    GRADUATE_JOB_SEARCH = "graduate_job_search"
    # temporary residence: family
    FAMILY_REUNIFICATION = "family_reunification"
    SPOUSE_OF_POLISH_CITIZEN = "spouse_of_polish_citizen"
    FAMILY_OF_EU_UK_CITIZEN = "family_of_eu_uk_citizen"
    ECHR_FAMILY_LIFE = "echr_family_life"
    # temporary residence: other
    SHORT_TERM_CIRCUMSTANCES = "short_term_circumstances"
    OTHER_CIRCUMSTANCES = "other_circumstances"
    CUKR = "cukr"
    # permanent residence
    POLISH_ORIGIN = "polish_origin"
    KARTA_POLAKA = "karta_polaka"
    CHILD_OF_POLISH_CITIZEN = "child_of_polish_citizen"
    CHILD_OF_PERMANENT_RESIDENT = "child_of_permanent_resident"
    INTERNATIONAL_PROTECTION = "international_protection"
    TOLERATED_STAY = "tolerated_stay"
    ASYLUM = "asylum"
    TRAFFICKING_VICTIM = "trafficking_victim"
    # long-term EU resident
    LONG_TERM_RESIDENCE = "long_term_residence"


class DocumentKind(str, Enum):
    """Kind of an attached document."""

    APPLICATION_FORM = "application_form"
    PHOTO = "photo"
    PASSPORT_COPY = "passport_copy"
    TRAVEL_DOCUMENT_COPY = "travel_document_copy"
    ID_CARD_COPY = "id_card_copy"
    ANNEX_1 = "annex_1"
    BLUE_CARD_ANNEX = "blue_card_annex"
    RESEARCHER_ANNEX = "researcher_annex"
    DWELLING_TITLE = "dwelling_title"
    ENROLMENT_CERTIFICATE = "enrolment_certificate"
    HOSTING_AGREEMENT = "hosting_agreement"
    BUSINESS_REGISTRATION = "business_registration"
    TAX_RECORDS = "tax_records"
    EMPLOYMENT_CONTRACT = "employment_contract"
    HEALTH_INSURANCE = "health_insurance"
    ACCOMMODATION_PROOF = "accommodation_proof"
    INCOME_PROOF = "income_proof"
    BANK_STATEMENT = "bank_statement"
    MARRIAGE_CERTIFICATE = "marriage_certificate"
    BIRTH_CERTIFICATE = "birth_certificate"
    SPOUSE_ID_COPY = "spouse_id_copy"
    SPONSOR_RESIDENCE_TITLE = "sponsor_residence_title"
    KARTA_POLAKA_COPY = "karta_polaka_copy"
    POLISH_ORIGIN_EVIDENCE = "polish_origin_evidence"
    POLISH_LANGUAGE_CERTIFICATE = "polish_language_certificate"
    DIPLOMA = "diploma"
    RESIDENCE_CARD_COPY = "residence_card_copy"
    VISA_COPY = "visa_copy"
    SWORN_TRANSLATION = "sworn_translation"
    POWER_OF_ATTORNEY = "power_of_attorney"
    POWER_OF_ATTORNEY_FEE_PROOF = "power_of_attorney_fee_proof"
    STAMP_DUTY_PROOF = "stamp_duty_proof"
    CARD_FEE_PROOF = "card_fee_proof"
    FEE_REDUCTION_PROOF = "fee_reduction_proof"
    OTHER = "other"


class Legalisation(str, Enum):
    """How a foreign public document was authenticated."""

    APOSTILLE = "apostille"
    CONSULAR_LEGALISATION = "consular_legalisation"
    NOT_REQUIRED = "not_required"
    NONE = "none"


class BusinessRole(str, Enum):
    """What the foreigner does in the business he runs (art. 106 ust. 2 of the Act on Foreigners).

    The first three are the cases in which the business ground needs Annex 1 filled and signed by
    the company (the entity entrusting the work)."""

    BOARD_MEMBER = "board_member"
    GENERAL_PARTNER = "general_partner"
    PROKURENT = "prokurent"
    OWNER_SOLE_TRADER = "owner_sole_trader"
    NONE = "none"


class Sex(str, Enum):
    """Płeć, as in the travel document."""

    FEMALE = "F"
    MALE = "M"


class MaritalStatus(str, Enum):
    """Stan cywilny."""

    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"
    SEPARATED = "separated"


class TravelDocumentType(str, Enum):
    """Rodzaj dokumentu podróży."""

    PASSPORT = "passport"
    TRAVEL_DOCUMENT = "travel_document"
    ID_CARD = "id_card"
    OTHER = "other"


class BasisOfStay(str, Enum):
    """Podstawa obecnego pobytu w RP."""

    NATIONAL_VISA = "national_visa"
    SCHENGEN_VISA = "schengen_visa"
    VISA_FREE = "visa_free"
    TEMPORARY_RESIDENCE_PERMIT = "temporary_residence_permit"
    PERMANENT_RESIDENCE_PERMIT = "permanent_residence_permit"
    LONG_TERM_EU_RESIDENT_PERMIT = "long_term_eu_resident_permit"
    OTHER_SCHENGEN_PERMIT = "other_schengen_permit"
    TEMPORARY_PROTECTION = "temporary_protection"
    INTERNATIONAL_PROTECTION_PROCEDURE = "international_protection_procedure"
    ART_108_PENDING_APPLICATION = "art_108_pending_application"
    OTHER = "other"
    # Bases that bar a case (art. 99 ust. 1, 196 ust. 1, 213 ust. 1; rulebook eligibility.bars_to_opening).
    ILLEGAL_STAY = "illegal_stay"
    """No legal basis of stay (art. 196 ust. 1 pkt 1 lit. a, art. 213 ust. 1 pkt 1 lit. a)."""
    SCHENGEN_VISA_ART_60_PKT_23 = "schengen_visa_art_60_pkt_23"
    """A Schengen visa valid for Poland only, issued for humanitarian reasons, the state's interest
    or international obligations (art. 60 ust. 1 pkt 23)."""
    SHORT_TERM_ART_181_PERMIT = "short_term_art_181_permit"
    """A temporary-residence permit granted under art. 181 ust. 1 (short-term circumstances)."""
    TOLERATED_STAY = "tolerated_stay"
    """Zgoda na pobyt tolerowany."""
    HUMANITARIAN_STAY = "humanitarian_stay"
    """Zgoda na pobyt ze względów humanitarnych."""
    ASYLUM = "asylum"
    """Azyl granted in Poland."""
    SUBSIDIARY_PROTECTION = "subsidiary_protection"
    """Ochrona uzupełniająca granted in Poland."""
    REFUGEE_STATUS = "refugee_status"
    """Status uchodźcy granted in Poland."""
    ASYLUM_PROCEDURE = "asylum_procedure"
    """Applying for asylum (art. 99 ust. 1 pkt 5, art. 213 ust. 1 pkt 1 lit. f)."""
    STUDIES_OR_VOCATIONAL_TRAINING = "studies_or_vocational_training"
    """Staying to study or for vocational training (art. 213 ust. 1 pkt 1 lit. c)."""
    SCHOOL_EDUCATION = "school_education"
    """Staying to start or continue education (nauka, art. 213 ust. 1 pkt 1 lit. d)."""
    ICT_PERMIT = "ict_permit"
    """A permit for an intra-corporate transferee (art. 139a ust. 1)."""
    ICT_LONG_TERM_MOBILITY_PERMIT = "ict_long_term_mobility_permit"
    """A permit for long-term mobility of an intra-corporate transferee (art. 139o ust. 1)."""
    LOCAL_BORDER_TRAFFIC_PERMIT = "local_border_traffic_permit"
    """A local border traffic permit (art. 213 ust. 1 pkt 1 lit. h)."""


class SignatureMethod(str, Enum):
    """How the MOS application is signed (requirements.md §5)."""

    TRUSTED_PROFILE = "trusted_profile"
    QUALIFIED = "qualified"
    PERSONAL = "personal"


class Signatory(str, Enum):
    """Who signs the application."""

    APPLICANT = "applicant"
    PARENT = "parent"
    GUARDIAN = "guardian"
    COURT_GUARDIAN = "court_guardian"
    REPRESENTATIVE = "representative"


class WorkLegalBasis(str, Enum):
    """Podstawa prawna wykonywania pracy (Annex 1, part III)."""

    EMPLOYMENT_CONTRACT = "employment_contract"
    MANDATE_CONTRACT = "mandate_contract"
    SPECIFIC_TASK_CONTRACT = "specific_task_contract"
    MANAGEMENT_BOARD = "management_board"
    OTHER = "other"


class BusinessRegister(str, Enum):
    """Register of a business (CEIDG for sole traders, KRS for companies)."""

    CEIDG = "ceidg"
    KRS = "krs"


class CardFeeReduction(str, Enum):
    """Reason for the 50 % card-fee reduction (art. 237 ust. 1)."""

    SOCIAL_ASSISTANCE = "social_assistance"
    STUDENT = "student"
    MINOR = "minor"


class CardFeeExemption(str, Enum):
    """Reason no card fee is charged (rulebook ``fees.card_fee_exemptions``)."""

    UK_WITHDRAWAL_AGREEMENT = "uk_withdrawal_agreement"


class RepresentativeRelationship(str, Enum):
    """How the representative is related to the applicant (a power of attorney given to a spouse,
    ascendant, descendant or sibling pays no stamp duty)."""

    SPOUSE = "spouse"
    ASCENDANT = "ascendant"
    DESCENDANT = "descendant"
    SIBLING = "sibling"
    OTHER = "other"


class StampDutyExemption(str, Enum):
    """Reason for an exemption from stamp duty."""

    KARTA_POLAKA = "karta_polaka"
    ASYLUM = "asylum"


# --------------------------------------------------------------------------------------------
# Sections of the form
# --------------------------------------------------------------------------------------------


class Permit(_Model):
    """The permit applied for."""

    type: PermitType | None = Field(default=None, description="Permit type applied for. PL: rodzaj zezwolenia.")
    ground: Ground | None = Field(
        default=None, description="Ground (purpose of stay), one choice. PL: cel pobytu / okoliczności uzasadniające."
    )


class Applicant(_Model):
    """Part A of the form: personal data of the foreigner. PL: A. Dane osobowe cudzoziemca."""

    surname: str | None = Field(
        default=None, description="Surname as in the travel document (Latin letters of the MRZ). PL: nazwisko."
    )
    family_name_at_birth: str | None = Field(default=None, description="Family name at birth. PL: nazwisko rodowe.")
    previous_surnames: list[str] | None = Field(
        default=None, description="Surnames used before, if any ([] = none). PL: nazwisko (nazwiska) poprzednio używane."
    )
    given_names: str | None = Field(default=None, description="Given name(s) as in the travel document. PL: imię (imiona).")
    previous_given_names: list[str] | None = Field(
        default=None, description="Given names used before, if any ([] = none). PL: imię (imiona) poprzednio używane."
    )
    father_name: str | None = Field(default=None, description="Father's given name. PL: imię ojca.")
    mother_name: str | None = Field(default=None, description="Mother's given name. PL: imię matki.")
    mother_maiden_name: str | None = Field(
        default=None, description="Mother's family name at birth. PL: nazwisko rodowe matki."
    )
    date_of_birth: dt.date | None = Field(
        default=None, description="Date of birth, YYYY-MM-DD; must agree with the PESEL. PL: data urodzenia."
    )
    place_of_birth: str | None = Field(default=None, description="Place of birth. PL: miejsce urodzenia.")
    country_of_birth: str | None = Field(
        default=None, description="Country of birth, ISO 3166 alpha-3 code (e.g. UKR). PL: państwo urodzenia."
    )
    sex: Sex | None = Field(default=None, description="Sex as in the travel document; must agree with the PESEL. PL: płeć.")
    citizenship: str | None = Field(
        default=None, description="Citizenship, ISO 3166 alpha-3 code as in passports (XXA = stateless). PL: obywatelstwo."
    )
    nationality: str | None = Field(default=None, description="Nationality (ethnic). PL: narodowość.")
    marital_status: MaritalStatus | None = Field(default=None, description="Marital status. PL: stan cywilny.")
    education: str | None = Field(default=None, description="Education. PL: wykształcenie.")
    height_cm: int | None = Field(default=None, description="Height in centimetres. PL: wzrost.")
    eye_colour: str | None = Field(default=None, description="Eye colour. PL: kolor oczu.")
    special_marks: str | None = Field(
        default=None, description="Special marks; 'brak' when none. PL: znaki szczególne."
    )
    occupation: str | None = Field(
        default=None,
        description="Occupation pursued (art. 13 pkt 15 of the Act on Foreigners: asked by the permanent-residence and "
        "long-term-resident forms, not by the temporary-residence form); 'brak' when none. PL: zawód wykonywany.",
    )
    pesel: str | None = Field(
        default=None,
        description="PESEL number, 11 digits, if assigned (de facto needed to log in to MOS). PL: numer PESEL.",
    )
    phone: str | None = Field(default=None, description="Phone number, e.g. +48 600 100 200. PL: numer telefonu.")
    email: str | None = Field(
        default=None, description="E-mail address (de facto required by MOS). PL: adres poczty elektronicznej."
    )
    holds_karta_polaka: bool | None = Field(
        default=None, description="Holds a valid Karta Polaka (not a form field). PL: posiada Kartę Polaka."
    )


class TravelDocument(_Model):
    """The travel document (passport). PL: dokument podróży."""

    type: TravelDocumentType | None = Field(default=None, description="Type of the document. PL: rodzaj dokumentu.")
    series_and_number: str | None = Field(default=None, description="Series and number. PL: seria i numer.")
    issued_on: dt.date | None = Field(default=None, description="Date of issue. PL: data wydania.")
    expires_on: dt.date | None = Field(
        default=None, description="Date of expiry; must be on or after the filing date. PL: data ważności."
    )
    issuing_authority: str | None = Field(
        default=None, description="Name of the issuing authority (form part C). PL: nazwa organu wydającego."
    )
    issuing_country: str | None = Field(
        default=None,
        description="Country of the issuing authority, ISO 3166 alpha-3 code (form part C, art. 13 pkt 17 lit. c). "
        "PL: kraj organu wydającego.",
    )
    persons_entered: int | None = Field(
        default=None,
        ge=0,
        description="Number of other persons entered in the travel document; 0 when none (the form's 'brak') "
        "(form part C, art. 13 pkt 17 lit. d). PL: liczba osób wpisanych do dokumentu podróży.",
    )


class Address(_Model):
    """An address in Poland. PL: B. Miejsce pobytu na terytorium RP / adres."""

    voivodeship: str | None = Field(
        default=None, description="Voivodeship (it decides the competent voivode). PL: województwo."
    )
    county: str | None = Field(default=None, description="County. PL: powiat.")
    municipality: str | None = Field(default=None, description="Municipality. PL: gmina.")
    locality: str | None = Field(default=None, description="Town or village. PL: miejscowość.")
    street: str | None = Field(default=None, description="Street (villages may have none). PL: ulica.")
    house_number: str | None = Field(default=None, description="House number. PL: numer domu.")
    flat_number: str | None = Field(default=None, description="Flat number, if any. PL: numer lokalu.")
    postal_code: str | None = Field(default=None, description="Postal code NN-NNN (e.g. 00-590). PL: kod pocztowy.")


class ForeignAddress(_Model):
    """An address outside Poland (form part B.I and B.II). PL: B. Adres cudzoziemca (adres za granicą).

    A box with no data is answered "brak" (instruction 3 of the form); ``country`` "brak" answers the
    whole part (no previous country of residence)."""

    country: str | None = Field(
        default=None, description="Country, ISO 3166 alpha-3 code, or 'brak'. PL: kraj."
    )
    region: str | None = Field(
        default=None, description="Voivodeship, oblast, province or state. PL: województwo / obwód / prowincja / stan."
    )
    county: str | None = Field(
        default=None, description="County, region, district or borough. PL: powiat / region / dystrykt / hrabstwo."
    )
    municipality: str | None = Field(default=None, description="Municipality. PL: gmina.")
    locality: str | None = Field(default=None, description="Town or village. PL: miejscowość.")
    street: str | None = Field(default=None, description="Street. PL: ulica.")
    house_number: str | None = Field(default=None, description="House number. PL: numer domu.")
    flat_number: str | None = Field(default=None, description="Apartment number. PL: numer mieszkania.")
    postal_code: str | None = Field(default=None, description="Postal code, as written in that country. PL: kod pocztowy.")


class Purpose(_Model):
    """Part C: information on the application. PL: C. Informacje dotyczące wniosku."""

    justification: str | None = Field(
        default=None, description="Free-text justification of the application, in Polish. PL: uzasadnienie wniosku."
    )
    requested_period_from: dt.date | None = Field(
        default=None,
        description="Start of the requested period of stay (not a field of the form in force since 2026-04-27; kept "
        "for descriptions written for the earlier form). PL: wnioskowany okres pobytu (od).",
    )
    requested_period_to: dt.date | None = Field(
        default=None,
        description="End of the requested period of stay (not a field of the form in force since 2026-04-27). "
        "PL: wnioskowany okres pobytu (do).",
    )


class CurrentStay(_Model):
    """Current stay in Poland. PL: E. Obecny pobyt na terytorium RP."""

    in_poland: bool | None = Field(
        default=None,
        description="The applicant is in Poland on the filing date. PL: czy cudzoziemiec przebywa na terytorium RP.",
    )
    last_entry_on: dt.date | None = Field(
        default=None, description="Date of the last entry into Poland. PL: data ostatniego wjazdu na terytorium RP."
    )
    basis_of_stay: BasisOfStay | None = Field(
        default=None, description="Legal basis of the current stay. PL: podstawa obecnego pobytu."
    )
    return_decision_deadline_running: bool | None = Field(
        default=None,
        description="Not a form field: the applicant stays in Poland after a return decision and the voluntary "
        "departure period it set (or extended) has not ended (art. 99 ust. 1 pkt 8, art. 196 ust. 1 pkt 4, art. 213 "
        "ust. 1 pkt 5). PL: nie upłynął termin dobrowolnego wyjazdu z decyzji o zobowiązaniu do powrotu.",
    )
    obliged_to_leave_art_299_ust_6: bool | None = Field(
        default=None,
        description="Not a form field: the applicant must leave Poland under art. 299 ust. 6 (e.g. within 30 days "
        "of a final refusal of a permit or visa; art. 99 ust. 1 pkt 9, art. 196 ust. 1 pkt 5, art. 213 ust. 1 "
        "pkt 6). PL: obowiązek opuszczenia terytorium RP (art. 299 ust. 6).",
    )
    posted_worker: bool | None = Field(
        default=None,
        description="Not a form field: the applicant is a worker posted by a service provider for cross-border "
        "services, or a provider of cross-border services (art. 213 ust. 1 pkt 2). PL: pracownik delegowany lub "
        "usługodawca świadczący usługi transgraniczne.",
    )


class FamilyMember(_Model):
    """Part D: a family member. PL: D. Członkowie rodziny."""

    given_names: str | None = Field(default=None, description="Given name(s). PL: imię.")
    surname: str | None = Field(default=None, description="Surname. PL: nazwisko.")
    sex: Sex | None = Field(default=None, description="Sex. PL: płeć.")
    date_of_birth: dt.date | None = Field(default=None, description="Date of birth. PL: data urodzenia.")
    relationship: str | None = Field(
        default=None, description="Relationship to the applicant (e.g. 'żona', 'syn'). PL: stopień pokrewieństwa."
    )
    citizenship: str | None = Field(default=None, description="Citizenship, ISO 3166 alpha-3 code. PL: obywatelstwo.")
    place_of_residence: str | None = Field(default=None, description="Place of residence. PL: miejsce zamieszkania.")
    applying_for_permit: bool | None = Field(
        default=None, description="Also applying for a permit. PL: czy ubiega się o udzielenie zezwolenia."
    )
    dependent: bool | None = Field(
        default=None, description="Dependent on the applicant. PL: czy pozostaje na utrzymaniu cudzoziemca."
    )


class Stay(_Model):
    """A stay or journey (part E). PL: E. Pobyt / podróż."""

    country: str | None = Field(default=None, description="Country, ISO 3166 alpha-3 code. PL: państwo.")
    date_from: dt.date | None = Field(default=None, description="First day. PL: data rozpoczęcia (od).")
    date_to: dt.date | None = Field(default=None, description="Last day. PL: data zakończenia (do).")
    basis: str | None = Field(
        default=None, description="Legal basis of the stay (stays in Poland). PL: podstawa pobytu."
    )


class AdditionalInformation(_Model):
    """Part F: additional information. PL: F. Dodatkowe informacje."""

    detention: bool | None = Field(
        default=None,
        description="Detained, placed in a guarded centre or detention centre for foreigners, banned from leaving the "
        "country, serving a prison sentence or temporarily arrested (form part E.VII; art. 106 ust. 1 pkt 8, "
        "art. 203 ust. 1 pkt 4, art. 219 ust. 1 pkt 8; a bar to opening the case, art. 99 ust. 1 pkt 6-7). PL: zatrzymanie, strzeżony ośrodek, areszt dla "
        "cudzoziemców, zakaz opuszczania kraju, kara pozbawienia wolności lub tymczasowe aresztowanie.",
    )
    detention_details: str | None = Field(
        default=None,
        description="What the detention or measure is (required when detention is true). "
        "PL: informacja o zatrzymaniu lub środku (szczegóły).",
    )
    convicted: bool | None = Field(
        default=None,
        description="Sentenced by a court in Poland (form part E.VIII). PL: czy był karany sądownie na terytorium RP.",
    )
    criminal_proceedings_pending: bool | None = Field(
        default=None,
        description="Criminal or petty-offence proceedings pending in Poland (form part E.IX). "
        "PL: czy toczy się postępowanie karne lub w sprawach o wykroczenia.",
    )
    return_decision: bool | None = Field(
        default=None,
        description="Obliged to return / expelled (not a question of the form in force since 2026-04-27; kept for "
        "descriptions written for the earlier form). PL: czy był zobowiązany do powrotu lub wydalony.",
    )
    ltr_permit_in_other_member_state: bool | None = Field(
        default=None,
        description="Holds a long-term resident permit granted by another EU member state (long-term-resident form, "
        "art. 219 ust. 1 pkt 6). PL: zezwolenie na pobyt rezydenta długoterminowego UE udzielone w innym państwie "
        "członkowskim UE.",
    )
    tax_liabilities: bool | None = Field(
        default=None,
        description="Tax liabilities to the State Treasury (permanent-residence form, art. 203 ust. 1 pkt 5). "
        "PL: zobowiązania podatkowe wobec Skarbu Państwa.",
    )
    liabilities_under_judgments: bool | None = Field(
        default=None,
        description="Liabilities under court or administrative judgments (maintenance, fines). "
        "PL: czy ma zobowiązania wynikające z orzeczeń.",
    )
    details: str | None = Field(
        default=None, description="Details, required when any answer above is yes. PL: szczegóły (wyjaśnienia)."
    )


class MeansOfSubsistence(_Model):
    """Means of subsistence and health insurance. PL: F. Środki utrzymania i ubezpieczenie zdrowotne."""

    monthly_net_income_pln: float | None = Field(
        default=None, description="Net monthly income of the household, PLN. PL: miesięczny dochód netto."
    )
    household_size: int | None = Field(
        default=None, description="Persons the income supports, the applicant included. PL: liczba osób w gospodarstwie."
    )
    source: str | None = Field(
        default=None, description="Source of the means of subsistence. PL: źródło środków utrzymania."
    )
    health_insurance: str | None = Field(
        default=None, description="Health insurance (e.g. 'ZUS', insurer name). PL: ubezpieczenie zdrowotne."
    )
    monthly_funds_pln: float | None = Field(
        default=None,
        description="Funds available each month for the living costs (study, research, graduate job search), PLN. "
        "PL: miesięczne środki finansowe na pokrycie kosztów utrzymania.",
    )
    monthly_housing_costs_pln: float | None = Field(
        default=None,
        description="Monthly housing costs paid from those funds: fixed charges of the dwelling per occupant and "
        "utilities (study, research). PL: miesięczne koszty zamieszkania.",
    )


class Signature(_Model):
    """Who signs the MOS application and how (requirements.md §5). PL: podpis wniosku."""

    method: SignatureMethod | None = Field(
        default=None,
        description="Trusted profile, qualified signature, or personal signature (e-ID). PL: sposób podpisania.",
    )
    signatory: Signatory | None = Field(
        default=None,
        description="The applicant, or a parent / guardian for a minor. PL: osoba podpisująca wniosek.",
    )


class Representative(_Model):
    """A representative named in the case, with a power of attorney. PL: pełnomocnik."""

    given_names: str | None = Field(default=None, description="Given name(s). PL: imię.")
    surname: str | None = Field(default=None, description="Surname. PL: nazwisko.")
    address: Address | None = Field(default=None, description="Address for service. PL: adres do doręczeń.")
    email: str | None = Field(default=None, description="E-mail address. PL: adres poczty elektronicznej.")
    phone: str | None = Field(default=None, description="Phone number. PL: numer telefonu.")
    is_advocate_or_legal_adviser: bool | None = Field(
        default=None,
        description="An advocate or legal adviser. PL: adwokat lub radca prawny.",
    )
    relationship: RepresentativeRelationship | None = Field(
        default=None,
        description="The representative is the applicant's spouse, ascendant, descendant, sibling, or other. "
        "PL: pełnomocnik jest małżonkiem, wstępnym, zstępnym, rodzeństwem lub inną osobą.",
    )


class Entity(_Model):
    """Annex 1 part II (and part III for the user employer): the entity entrusting the work.
    PL: II. Informacje dotyczące podmiotu powierzającego pracę cudzoziemcowi."""

    name: str | None = Field(
        default=None, description="Name, or given names and surname of a natural person. PL: nazwa lub imię i nazwisko."
    )
    address: Address | None = Field(
        default=None, description="Registered office or home address. PL: adres siedziby / miejsca zamieszkania."
    )
    nip: str | None = Field(
        default=None, description="Tax identification number, 10 digits; 'brak' when none. PL: numer identyfikacji podatkowej (NIP)."
    )
    regon: str | None = Field(default=None, description="REGON, 9 or 14 digits. PL: numer REGON.")
    krs: str | None = Field(default=None, description="KRS entry number, 10 digits (e.g. 0000123456). PL: numer KRS.")
    ceidg: bool | None = Field(
        default=None, description="Entered in CEIDG (a sole trader, identified by NIP). PL: wpis do CEIDG."
    )
    pesel: str | None = Field(
        default=None, description="PESEL of a natural person entrusting the work. PL: numer PESEL."
    )
    id_document: str | None = Field(
        default=None,
        description="Name, series and number of the ID document of a natural person not in business. "
        "PL: nazwa, seria i numer dokumentu tożsamości.",
    )
    pkd: str | None = Field(
        default=None,
        description="PKD subclass under which the work is entrusted, NN.NN.Z (Annex 1 part IV item 9, art. 106 "
        "ust. 2 pkt 3 lit. i). PL: podklasa działalności według PKD.",
    )
    employment_agency_number: str | None = Field(
        default=None,
        description="Entry number in the register of employment agencies (KRAZ); 'brak' for an entity that is not an "
        "agency (Annex 1 part II item 7, art. 13 pkt 18 lit. g). "
        "PL: numer wpisu do rejestru podmiotów prowadzących agencje zatrudnienia.",
    )
    phone: str | None = Field(default=None, description="Phone number; 'brak' when none. PL: numer telefonu.")
    email: str | None = Field(
        default=None,
        description="E-mail address (the MOS link to fill in the annex is sent there). PL: adres poczty elektronicznej.",
    )
    contact_person: str | None = Field(default=None, description="Contact person (uncertain: inferred from the 2019 form model). PL: osoba do kontaktu.")


class Job(_Model):
    """Annex 1 part IV: the work to be entrusted. PL: IV. Informacje na temat pracy, która ma być powierzona cudzoziemcowi."""

    position: str | None = Field(
        default=None, description="Position or kind of work, in Polish. PL: stanowisko / rodzaj pracy."
    )
    occupation_code: str | None = Field(
        default=None,
        description="Occupation per the classification of occupations and specialisations for the labour market, "
        "as its six-digit code (e.g. 251401) (Annex 1 part IV item 2, art. 106 ust. 2 pkt 3 lit. b). "
        "PL: zawód zgodny z klasyfikacją zawodów i specjalności (kod zawodu).",
    )
    duties: str | None = Field(
        default=None,
        description="Scope of the basic duties in the position (Annex 1 part IV item 7, art. 106 ust. 2 pkt 3 "
        "lit. g). PL: zakres podstawowych obowiązków na stanowisku pracy.",
    )
    place_of_work: str | None = Field(
        default=None, description="Place(s) where the work is done. PL: miejsce wykonywania pracy."
    )
    legal_basis: WorkLegalBasis | None = Field(
        default=None, description="Contract the work is done under. PL: podstawa prawna wykonywania pracy."
    )
    working_time_fraction: float | None = Field(
        default=None, description="Fraction of full time (1.0 = full time). PL: wymiar czasu pracy (etat)."
    )
    hours_per_week: float | None = Field(
        default=None, description="Hours per week (civil-law contracts). PL: liczba godzin pracy w tygodniu."
    )
    monthly_gross_salary_pln: float | None = Field(
        default=None, description="Monthly gross pay, PLN. PL: wysokość miesięcznego wynagrodzenia brutto."
    )
    period_from: dt.date | None = Field(default=None, description="First day of the work. PL: okres powierzenia pracy (od).")
    period_to: dt.date | None = Field(default=None, description="Last day of the work. PL: okres powierzenia pracy (do).")


class Annex1(_Model):
    """Annex 1 (załącznik nr 1): filled and e-signed by the employer through the MOS link."""

    entity: Entity | None = Field(
        default=None, description="The entity entrusting the work. PL: podmiot powierzający wykonywanie pracy."
    )
    job: Job | None = Field(default=None, description="The work. PL: informacje dotyczące pracy.")
    agency_work: bool | None = Field(
        default=None,
        description="The work is temporary work through a temporary employment agency (Annex 1 part III is then "
        "filled in). PL: praca tymczasowa za pośrednictwem agencji pracy tymczasowej.",
    )
    user_employer: Entity | None = Field(
        default=None,
        description="The user employer, for temporary work through an agency (Annex 1 part III, art. 13 pkt 18). "
        "PL: pracodawca użytkownik.",
    )
    signed_by_employer: bool | None = Field(
        default=None,
        description="The employer has filled and e-signed the annex in MOS. PL: załącznik podpisany przez podmiot.",
    )
    other_entities_monthly_gross_salary_pln: list[float] | None = Field(
        default=None,
        description="Monthly gross salaries in the Annex 1 of each other entity entrusting work to the foreigner "
        "(art. 114 ust. 4b: the salaries add up), PLN. PL: wynagrodzenia wskazane w załącznikach innych podmiotów "
        "powierzających pracę.",
    )


class Study(_Model):
    """Study annex: filled and signed by the university through the MOS link. PL: załącznik – studia. (uncertain: inferred from the 2019 form model)"""

    university: str | None = Field(default=None, description="Name of the university. PL: nazwa uczelni.")
    university_email: str | None = Field(
        default=None,
        description="The university's MOS e-mail address the annex link is sent to. PL: adres e-mail uczelni w MOS.",
    )
    programme: str | None = Field(default=None, description="Programme (field of study). PL: kierunek studiów.")
    period_from: dt.date | None = Field(default=None, description="Start of the studies. PL: okres studiów (od).")
    period_to: dt.date | None = Field(default=None, description="Planned end of the studies. PL: okres studiów (do).")
    signed_by_university: bool | None = Field(
        default=None, description="The university has signed the annex in MOS. PL: załącznik podpisany przez uczelnię."
    )


class Business(_Model):
    """Business activity of the applicant (business annex). PL: działalność gospodarcza. (uncertain: inferred from the 2019 form model)"""

    name: str | None = Field(default=None, description="Name of the business. PL: firma (nazwa) przedsiębiorcy.")
    registered_in: BusinessRegister | None = Field(
        default=None, description="CEIDG (sole trader) or KRS (company). PL: rejestr (CEIDG / KRS)."
    )
    krs: str | None = Field(default=None, description="KRS entry number, 10 digits. PL: numer KRS.")
    nip: str | None = Field(default=None, description="Tax identification number, 10 digits. PL: NIP.")
    regon: str | None = Field(default=None, description="REGON, 9 or 14 digits. PL: numer REGON.")
    pkd: str | None = Field(default=None, description="PKD code of the main activity, NN.NN.Z. PL: symbol PKD.")
    role: BusinessRole | None = Field(
        default=None,
        description="The foreigner's role in the business: 'board_member' (member of the management board of a "
        "sp. z o.o. or S.A. he founded or in which he took up or acquired shares), 'general_partner' (runs the "
        "affairs of a limited partnership or limited joint-stock partnership as its general partner), 'prokurent' "
        "(acts as the company's commercial proxy), 'owner_sole_trader' (runs his own CEIDG business) or 'none'. "
        "The first three need Annex 1 filled and signed by the company (art. 106 ust. 2). PL: funkcja cudzoziemca "
        "(członek zarządu spółki, którą utworzył lub której udziały lub akcje objął lub nabył; komplementariusz; "
        "prokurent; przedsiębiorca w CEIDG; brak).",
    )


class Sponsor(_Model):
    """The family member in Poland whom the applicant joins (family grounds). PL: członek rodziny w RP. (uncertain: inferred from the 2019 form model)"""

    given_names: str | None = Field(default=None, description="Given name(s). PL: imię.")
    surname: str | None = Field(default=None, description="Surname. PL: nazwisko.")
    relationship: str | None = Field(
        default=None, description="Relationship to the applicant (e.g. 'mąż'). PL: stopień pokrewieństwa."
    )
    citizenship: str | None = Field(
        default=None, description="Citizenship, ISO 3166 alpha-3 code ('POL' for a Polish citizen). PL: obywatelstwo."
    )
    residence_title: str | None = Field(
        default=None, description="The sponsor's residence title in Poland. PL: tytuł pobytowy członka rodziny."
    )
    pesel: str | None = Field(default=None, description="PESEL, if assigned. PL: numer PESEL.")
    married_on: dt.date | None = Field(
        default=None, description="Date of marriage (spouse grounds). PL: data zawarcia małżeństwa."
    )


class Spouse(_Model):
    """The applicant's spouse (permanent-residence form, art. 203 ust. 1 pkt 2: the data of art. 13 pkt 1-4, 7,
    11 and 19). PL: dane małżonka cudzoziemca."""

    given_names: str | None = Field(default=None, description="Given name(s). PL: imię (imiona).")
    surname: str | None = Field(default=None, description="Surname. PL: nazwisko.")
    previous_names: str | None = Field(
        default=None, description="Previous given names and surnames; 'brak' when none. PL: imiona i nazwiska poprzednie."
    )
    family_name_at_birth: str | None = Field(default=None, description="Family name at birth. PL: nazwisko rodowe.")
    sex: Sex | None = Field(default=None, description="Sex. PL: płeć.")
    date_of_birth: dt.date | None = Field(default=None, description="Date of birth. PL: data urodzenia.")
    citizenship: str | None = Field(default=None, description="Citizenship, ISO 3166 alpha-3 code. PL: obywatelstwo.")
    place_of_residence: str | None = Field(
        default=None, description="Address of residence or stay. PL: adres miejsca zamieszkania lub pobytu."
    )


class Fees(_Model):
    """Fee reductions and exemptions claimed."""

    card_fee_reduction: CardFeeReduction | None = Field(
        default=None, description="Reason for the 50 % card-fee reduction. PL: ulga w opłacie za kartę pobytu."
    )
    stamp_duty_exemption: StampDutyExemption | None = Field(
        default=None, description="Reason for the stamp-duty exemption. PL: zwolnienie z opłaty skarbowej."
    )
    card_fee_exemption: CardFeeExemption | None = Field(
        default=None, description="Reason no card fee is charged. PL: zwolnienie z opłaty za wydanie karty pobytu."
    )


class Document(_Model):
    """An attachment: one file of the package and what it is."""

    file: str | None = Field(
        default=None, description="Path relative to the package folder (POSIX separators). PL: plik załącznika."
    )
    kind: DocumentKind | None = Field(default=None, description="What the document is. PL: rodzaj dokumentu.")
    language: str | None = Field(
        default=None, description="ISO 639-1 code of the document's language (e.g. 'pl', 'uk'). PL: język dokumentu."
    )
    translation_of: str | None = Field(
        default=None,
        description="For a sworn translation: the `file` of the original document. PL: tłumaczenie przysięgłe dokumentu.",
    )
    issued_on: dt.date | None = Field(default=None, description="Date the document was issued. PL: data wydania.")
    legalisation: Legalisation | None = Field(
        default=None, description="Apostille or legalisation of a foreign public document. PL: apostille / legalizacja."
    )


class Application(_Model):
    """The application description: the MOS form data plus the list of attachments."""

    schema_version: Literal["1"] | None = Field(
        default=None, description="Version of this description format: \"1\". PL: wersja formatu opisu."
    )
    permit: Permit | None = Field(default=None, description="The permit applied for. PL: rodzaj zezwolenia i cel pobytu.")
    filing_date: dt.date | None = Field(
        default=None, description="Day the applicant intends to file (default: the as-of date). PL: data złożenia wniosku."
    )
    legal_stay_until: dt.date | None = Field(
        default=None,
        description="Last day of the current legal stay in Poland (visa, visa-free period or permit). "
        "PL: data upływu legalnego pobytu.",
    )
    applicant: Applicant | None = Field(default=None, description="Part A. PL: dane osobowe cudzoziemca.")
    travel_document: TravelDocument | None = Field(default=None, description="The travel document. PL: dokument podróży.")
    address_in_country_of_origin: ForeignAddress | None = Field(
        default=None,
        description="Form part B.I: address in the country of origin (art. 13 pkt 27). PL: adres w kraju pochodzenia.",
    )
    address_in_previous_country: ForeignAddress | None = Field(
        default=None,
        description="Form part B.II: address in the previous country of residence; country 'brak' when there is none "
        "(art. 13 pkt 28). PL: adres w kraju poprzedniego zamieszkania.",
    )
    address_in_poland: Address | None = Field(
        default=None, description="Form part D: place of stay in Poland. PL: miejsce pobytu na terytorium RP."
    )
    purpose: Purpose | None = Field(default=None, description="Part C. PL: informacje dotyczące wniosku.")
    current_stay: CurrentStay | None = Field(default=None, description="Current stay. PL: obecny pobyt na terytorium RP.")
    family_members: list[FamilyMember] | None = Field(
        default=None, description="Form part E.II: family members living in Poland ([] = none). PL: członkowie rodziny zamieszkujący na terytorium RP."
    )
    previous_stays_in_poland: list[Stay] | None = Field(
        default=None, description="Form part E.III a): previous stays in Poland ([] = none). PL: poprzednie pobyty na terytorium RP."
    )
    travels_abroad: list[Stay] | None = Field(
        default=None,
        description="Form part E.IV: travels and stays outside Poland in the last 5 years ([] = none). PL: podróże i pobyty zagraniczne w okresie ostatnich 5 lat.",
    )
    stays_in_other_member_states: list[Stay] | None = Field(
        default=None,
        description="Long-term-resident form: stays in other EU member states on an EU Blue Card, a researcher's or "
        "student's title, international protection or a highly-qualified worker's title, with their basis "
        "(art. 219 ust. 1 pkt 7) ([] = none). PL: pobyty na terytorium innych państw członkowskich UE.",
    )
    additional_information: AdditionalInformation | None = Field(
        default=None, description="Part F. PL: dodatkowe informacje."
    )
    means_of_subsistence: MeansOfSubsistence | None = Field(
        default=None, description="Means of subsistence and health insurance. PL: środki utrzymania."
    )
    signature: Signature | None = Field(default=None, description="Who signs and how. PL: podpis wniosku.")
    representative: Representative | None = Field(
        default=None, description="A representative, when there is one. PL: pełnomocnik."
    )
    annex_1: Annex1 | None = Field(
        default=None, description="Annex 1, work grounds (filled by the employer). PL: załącznik nr 1."
    )
    study: Study | None = Field(default=None, description="Study annex (study ground). PL: załącznik – studia.")
    business: Business | None = Field(
        default=None, description="Business data (business ground). PL: działalność gospodarcza."
    )
    sponsor: Sponsor | None = Field(
        default=None, description="The family member joined (family grounds). PL: członek rodziny, z którym cudzoziemiec się łączy."
    )
    spouse: Spouse | None = Field(
        default=None, description="The spouse (permanent-residence form, married applicants). PL: małżonek cudzoziemca."
    )
    fees: Fees | None = Field(default=None, description="Fee reductions and exemptions. PL: opłaty – ulgi i zwolnienia.")
    documents: list[Document] | None = Field(
        default=None, description="The attachments, one entry per file. PL: załączniki."
    )
