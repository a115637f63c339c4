"""The application description (``application.json``), ``schema_version: "1"``.

Every field is optional in the model: which fields are mandatory depends on the permit type and
ground and lives in the rulebook (``rulebook/data/fields.yaml``), so a missing field becomes a
``formal_defect`` at its JSON pointer instead of a validation exception. Unknown keys are rejected
by the model (``extra="forbid"``) and reported as advisories by the parser.

The form layout follows requirements.md §7, which is *inferred* from the 2019/2024 form model: the
field list of the form in force since 2025-12-01 (Dz.U. 2025 poz. 1647) was not available. Field
descriptions say "(uncertain)" where the form itself may differ.

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


class StampDutyExemption(str, Enum):
    """Reason for an exemption from stamp duty."""

    KARTA_POLAKA = "karta_polaka"
    ASYLUM = "asylum"


# --------------------------------------------------------------------------------------------
# Sections of the form
# --------------------------------------------------------------------------------------------


class Permit(_Model):
    """The permit applied for."""

    type: PermitType | None = Field(default=None, description="Permit type. PL: rodzaj zezwolenia.")
    ground: Ground | None = Field(default=None, description="Ground / purpose of stay. PL: cel pobytu / podstawa.")


class Applicant(_Model):
    """Part A of the form: personal data. PL: A. Dane osobowe cudzoziemcy (uncertain: 2019 form model)."""

    surname: str | None = Field(default=None, description="Surname as in the travel document. PL: nazwisko.")
    family_name_at_birth: str | None = Field(default=None, description="PL: nazwisko rodowe.")
    previous_surnames: list[str] | None = Field(default=None, description="PL: nazwiska poprzednio używane.")
    given_names: str | None = Field(default=None, description="PL: imię (imiona).")
    previous_given_names: list[str] | None = Field(default=None, description="PL: imiona poprzednio używane.")
    father_name: str | None = Field(default=None, description="Father's given name. PL: imię ojca.")
    mother_name: str | None = Field(default=None, description="Mother's given name. PL: imię matki.")
    mother_maiden_name: str | None = Field(default=None, description="PL: nazwisko rodowe matki.")
    date_of_birth: dt.date | None = Field(default=None, description="PL: data urodzenia.")
    place_of_birth: str | None = Field(default=None, description="PL: miejsce urodzenia.")
    country_of_birth: str | None = Field(default=None, description="ISO 3166 alpha-3. PL: państwo urodzenia.")
    sex: Sex | None = Field(default=None, description="PL: płeć.")
    citizenship: str | None = Field(default=None, description="ISO 3166 alpha-3 as in passports. PL: obywatelstwo.")
    nationality: str | None = Field(default=None, description="PL: narodowość.")
    marital_status: MaritalStatus | None = Field(default=None, description="PL: stan cywilny.")
    education: str | None = Field(default=None, description="PL: wykształcenie.")
    height_cm: int | None = Field(default=None, description="PL: wzrost (cm).")
    eye_colour: str | None = Field(default=None, description="PL: kolor oczu.")
    special_marks: str | None = Field(default=None, description="PL: znaki szczególne ('brak' allowed).")
    pesel: str | None = Field(default=None, description="PL: numer PESEL (de facto needed to log in to MOS).")
    phone: str | None = Field(default=None, description="PL: numer telefonu.")
    email: str | None = Field(default=None, description="PL: adres e-mail.")
    holds_karta_polaka: bool | None = Field(default=None, description="Holds a valid Karta Polaka.")


class TravelDocument(_Model):
    """Travel document. PL: dokument podróży."""

    type: TravelDocumentType | None = Field(default=None, description="PL: rodzaj dokumentu.")
    series_and_number: str | None = Field(default=None, description="PL: seria i numer.")
    issued_on: dt.date | None = Field(default=None, description="PL: data wydania.")
    expires_on: dt.date | None = Field(default=None, description="PL: data ważności.")
    issuing_authority: str | None = Field(default=None, description="PL: organ wydający.")
    issuing_country: str | None = Field(default=None, description="ISO 3166 alpha-3. PL: państwo wydania.")


class Address(_Model):
    """An address in Poland. PL: adres / miejsce pobytu na terytorium RP."""

    voivodeship: str | None = Field(default=None, description="PL: województwo.")
    county: str | None = Field(default=None, description="PL: powiat.")
    municipality: str | None = Field(default=None, description="PL: gmina.")
    locality: str | None = Field(default=None, description="PL: miejscowość.")
    street: str | None = Field(default=None, description="PL: ulica.")
    house_number: str | None = Field(default=None, description="PL: numer domu.")
    flat_number: str | None = Field(default=None, description="PL: numer lokalu.")
    postal_code: str | None = Field(default=None, description="NN-NNN. PL: kod pocztowy.")


class Purpose(_Model):
    """Part C: information on the application. PL: C. Informacje dotyczące wniosku."""

    justification: str | None = Field(default=None, description="PL: uzasadnienie wniosku.")
    requested_period_from: dt.date | None = Field(default=None, description="PL: wnioskowany okres pobytu (od).")
    requested_period_to: dt.date | None = Field(default=None, description="PL: wnioskowany okres pobytu (do).")


class CurrentStay(_Model):
    """Current stay. PL: obecny pobyt na terytorium RP."""

    in_poland: bool | None = Field(default=None, description="The applicant is in Poland on the filing date.")
    last_entry_on: dt.date | None = Field(default=None, description="PL: data ostatniego wjazdu do RP.")
    basis_of_stay: BasisOfStay | None = Field(default=None, description="PL: podstawa obecnego pobytu.")


class FamilyMember(_Model):
    """Part D: a family member. PL: D. Członkowie rodziny."""

    given_names: str | None = None
    surname: str | None = None
    sex: Sex | None = None
    date_of_birth: dt.date | None = None
    relationship: str | None = Field(default=None, description="PL: stopień pokrewieństwa.")
    citizenship: str | None = Field(default=None, description="ISO 3166 alpha-3.")
    place_of_residence: str | None = Field(default=None, description="PL: miejsce zamieszkania.")
    applying_for_permit: bool | None = Field(default=None, description="PL: czy ubiega się o zezwolenie.")
    dependent: bool | None = Field(default=None, description="PL: czy pozostaje na utrzymaniu.")


class Stay(_Model):
    """A stay or journey (part E)."""

    country: str | None = Field(default=None, description="ISO 3166 alpha-3.")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    basis: str | None = Field(default=None, description="Legal basis of the stay (for stays in Poland).")


class AdditionalInformation(_Model):
    """Part F: additional information. PL: F. Dodatkowe informacje."""

    convicted: bool | None = Field(default=None, description="PL: czy był karany.")
    criminal_proceedings_pending: bool | None = Field(default=None, description="PL: toczy się postępowanie karne.")
    return_decision: bool | None = Field(default=None, description="PL: zobowiązany do powrotu / wydalony.")
    liabilities_under_judgments: bool | None = Field(default=None, description="PL: zobowiązania wynikające z orzeczeń.")
    details: str | None = None


class MeansOfSubsistence(_Model):
    """Means of subsistence and health insurance."""

    monthly_net_income_pln: float | None = Field(default=None, description="Net monthly income of the household, PLN.")
    household_size: int | None = Field(default=None, description="Persons the income supports, the applicant included.")
    source: str | None = Field(default=None, description="PL: źródło dochodu.")
    health_insurance: str | None = Field(default=None, description="Health insurance (e.g. 'ZUS', insurer name).")


class Signature(_Model):
    """Who signs the MOS application and how (requirements.md §5)."""

    method: SignatureMethod | None = None
    signatory: Signatory | None = None


class Representative(_Model):
    """A representative (pełnomocnik) named in the case."""

    given_names: str | None = None
    surname: str | None = None
    is_advocate_or_legal_adviser: bool | None = Field(
        default=None, description="Advocates and legal advisers are not charged the 17 zł fee for a family member."
    )


class Entity(_Model):
    """Annex 1 part I: the entity entrusting the work (podmiot powierzający wykonywanie pracy)."""

    name: str | None = Field(default=None, description="PL: nazwa lub imię i nazwisko.")
    address: Address | None = Field(default=None, description="PL: adres siedziby / miejsca zamieszkania.")
    nip: str | None = Field(default=None, description="PL: NIP.")
    regon: str | None = Field(default=None, description="PL: REGON (9 or 14 digits).")
    krs: str | None = Field(default=None, description="PL: numer KRS (10 digits).")
    ceidg: bool | None = Field(default=None, description="Entered in CEIDG (identified by NIP/REGON).")
    pesel: str | None = Field(default=None, description="PESEL of a natural person entrusting work.")
    id_document: str | None = Field(default=None, description="ID document of a natural person not in business.")
    pkd: str | None = Field(default=None, description="PKD code of the activity, NN.NN.Z.")
    phone: str | None = None
    email: str | None = None
    contact_person: str | None = None


class Job(_Model):
    """Annex 1 part III: the work."""

    position: str | None = Field(default=None, description="PL: stanowisko / rodzaj pracy.")
    place_of_work: str | None = Field(default=None, description="PL: miejsce wykonywania pracy.")
    legal_basis: WorkLegalBasis | None = Field(default=None, description="PL: podstawa prawna wykonywania pracy.")
    working_time_fraction: float | None = Field(default=None, description="Fraction of full time (1.0 = full time). PL: wymiar czasu pracy.")
    hours_per_week: float | None = Field(default=None, description="Hours per week (civil-law contracts).")
    monthly_gross_salary_pln: float | None = Field(default=None, description="PL: wysokość wynagrodzenia brutto miesięcznie.")
    period_from: dt.date | None = Field(default=None, description="PL: okres powierzenia pracy (od).")
    period_to: dt.date | None = Field(default=None, description="PL: okres powierzenia pracy (do).")


class Annex1(_Model):
    """Annex 1 (załącznik nr 1): filled and e-signed by the employer through the MOS link."""

    entity: Entity | None = None
    job: Job | None = None
    signed_by_employer: bool | None = Field(default=None, description="The employer has filled and e-signed the annex in MOS.")


class Study(_Model):
    """Study annex: filled and signed by the university through the MOS link."""

    university: str | None = Field(default=None, description="PL: nazwa uczelni.")
    programme: str | None = Field(default=None, description="PL: kierunek studiów.")
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    signed_by_university: bool | None = Field(default=None, description="The university has signed the annex in MOS.")


class Business(_Model):
    """Business activity of the applicant."""

    registered_in: BusinessRegister | None = Field(default=None, description="CEIDG (sole trader) or KRS (company).")
    krs: str | None = None
    nip: str | None = None
    regon: str | None = None
    pkd: str | None = None


class Sponsor(_Model):
    """The family member in Poland whom the applicant joins (family grounds)."""

    given_names: str | None = None
    surname: str | None = None
    relationship: str | None = None
    citizenship: str | None = Field(default=None, description="ISO 3166 alpha-3 ('POL' for a Polish citizen).")
    residence_title: str | None = Field(default=None, description="The sponsor's residence title in Poland.")
    pesel: str | None = None
    married_on: dt.date | None = Field(default=None, description="Date of marriage (spouse grounds).")


class Fees(_Model):
    """Fee reductions and exemptions claimed."""

    card_fee_reduction: CardFeeReduction | None = None
    stamp_duty_exemption: StampDutyExemption | None = None


class Document(_Model):
    """An attachment: one file of the package and what it is."""

    file: str | None = Field(default=None, description="Path relative to the package folder (POSIX separators).")
    kind: DocumentKind | None = Field(default=None, description="What the document is.")
    language: str | None = Field(default=None, description="ISO 639-1 code of the document's language (e.g. 'pl', 'uk').")
    translation_of: str | None = Field(
        default=None, description="For a sworn translation: the `file` of the original document."
    )
    issued_on: dt.date | None = Field(default=None, description="Date the document was issued.")
    legalisation: Legalisation | None = Field(default=None, description="Apostille or legalisation of a foreign public document.")


class Application(_Model):
    """The application description: the MOS form data plus the list of attachments."""

    schema_version: Literal["1"] | None = Field(default=None, description="Version of this description format: \"1\".")
    permit: Permit | None = None
    filing_date: dt.date | None = Field(
        default=None, description="Day the applicant intends to file (default: the as-of date)."
    )
    legal_stay_until: dt.date | None = Field(default=None, description="Last day of the current legal stay in Poland.")
    applicant: Applicant | None = None
    travel_document: TravelDocument | None = None
    address_in_poland: Address | None = None
    purpose: Purpose | None = None
    current_stay: CurrentStay | None = None
    family_members: list[FamilyMember] | None = Field(default=None, description="Family members ([] = none).")
    previous_stays_in_poland: list[Stay] | None = Field(default=None, description="Previous stays in Poland ([] = none).")
    travels_abroad: list[Stay] | None = Field(default=None, description="Travels in the last 5 years ([] = none).")
    additional_information: AdditionalInformation | None = None
    means_of_subsistence: MeansOfSubsistence | None = None
    signature: Signature | None = None
    representative: Representative | None = None
    annex_1: Annex1 | None = None
    study: Study | None = None
    business: Business | None = None
    sponsor: Sponsor | None = None
    fees: Fees | None = None
    documents: list[Document] | None = Field(default=None, description="The attachments, one entry per file.")
