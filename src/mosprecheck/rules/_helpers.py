"""Shared helpers of the requirement rules: what the application declares, in domain terms.

Not a rule module (the leading underscore keeps :func:`mosprecheck.rules.all_rules` from treating
it as one). Nothing here knows a legal number: those come from the rulebook.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar

from ..application import Application, normalise_declared_path
from ..application.models import Document
from .registry import CheckContext

_T = TypeVar("_T")

#: Name of the per-check memo in a CheckContext's instance dictionary.
_MEMO = "_rules_memo"


def memo(c: CheckContext, key: Hashable, compute: Callable[[CheckContext], _T]) -> _T:
    """``compute(c)``, computed once per check: later calls with the same key return the same object.

    For work several rules share (the application dumped to plain data, the mandatory-field gaps,
    the fees). The memo lives in the context's own ``__dict__``, exactly where
    ``functools.cached_property`` keeps ``files_by_path`` and ``roles``: a frozen dataclass forbids
    ``setattr`` but not its instance dictionary, the dataclass's ``__eq__``, ``__hash__`` and
    ``__repr__`` only look at the declared fields, and the memo dies with the context. (A
    ``WeakKeyDictionary`` keyed by the context would hash it, i.e. hash every field, file facts
    included, and treat two equal contexts as one.) A computation that raises stores nothing.
    Callers must not mutate what they get back.
    """
    store: dict[Hashable, Any] = vars(c).setdefault(_MEMO, {})
    if key not in store:
        store[key] = compute(c)
    return store[key]

#: How each document kind is named in messages and in the report's checklist, in every output
#: language (presentation only, not law).
KIND_LABELS: dict[str, dict[str, str]] = {
    "application_form": {"pl": "formularz wniosku", "en": "application form", "uk": "бланк заяви",
                         "ru": "бланк заявления", "fr": "formulaire de demande", "ar": "استمارة الطلب",
                         "vi": "mẫu đơn"},
    "photo": {"pl": "fotografia", "en": "photograph", "uk": "фотографія", "ru": "фотография",
              "fr": "photographie", "ar": "صورة شخصية", "vi": "ảnh chân dung"},
    "passport_copy": {"pl": "kopia wszystkich stron paszportu", "en": "copy of all passport pages",
                      "uk": "копія всіх сторінок паспорта", "ru": "копия всех страниц паспорта",
                      "fr": "copie de toutes les pages du passeport", "ar": "نسخة من جميع صفحات جواز السفر",
                      "vi": "bản sao tất cả các trang hộ chiếu"},
    "travel_document_copy": {"pl": "kopia dokumentu podróży", "en": "copy of the travel document",
                             "uk": "копія проїзного документа", "ru": "копия проездного документа",
                             "fr": "copie du document de voyage", "ar": "نسخة من وثيقة السفر",
                             "vi": "bản sao giấy tờ đi lại"},
    "id_card_copy": {"pl": "kopia dowodu osobistego", "en": "copy of the identity card",
                     "uk": "копія посвідчення особи", "ru": "копия удостоверения личности",
                     "fr": "copie de la carte d'identité", "ar": "نسخة من بطاقة الهوية",
                     "vi": "bản sao chứng minh nhân dân"},
    "annex_1": {"pl": "załącznik nr 1", "en": "Annex 1", "uk": "додаток № 1", "ru": "приложение № 1",
                "fr": "annexe n° 1", "ar": "الملحق رقم 1", "vi": "phụ lục số 1"},
    "enrolment_certificate": {"pl": "zaświadczenie uczelni o studiach", "en": "university enrolment certificate",
                              "uk": "довідка університету про навчання", "ru": "справка университета об обучении",
                              "fr": "certificat de scolarité de l'université", "ar": "شهادة قيد من الجامعة",
                              "vi": "giấy xác nhận đang học của trường đại học"},
    "hosting_agreement": {"pl": "umowa o przyjęciu z jednostką naukową", "en": "hosting agreement with the research unit",
                          "uk": "угода про прийом з науковою установою", "ru": "соглашение о приёме с научной организацией",
                          "fr": "convention d'accueil avec l'organisme de recherche",
                          "ar": "اتفاقية الاستضافة مع المؤسسة البحثية", "vi": "thỏa thuận tiếp nhận với đơn vị nghiên cứu"},
    "business_registration": {"pl": "wpis do CEIDG lub KRS", "en": "CEIDG or KRS registration",
                              "uk": "запис у CEIDG або KRS", "ru": "запись в CEIDG или KRS",
                              "fr": "inscription au CEIDG ou au KRS", "ar": "القيد في سجل CEIDG أو KRS",
                              "vi": "đăng ký trong CEIDG hoặc KRS"},
    "tax_records": {"pl": "dokumenty podatkowe i księgowe", "en": "tax and accounting records",
                    "uk": "податкові та бухгалтерські документи", "ru": "налоговые и бухгалтерские документы",
                    "fr": "documents fiscaux et comptables", "ar": "المستندات الضريبية والمحاسبية",
                    "vi": "hồ sơ thuế và kế toán"},
    "employment_contract": {"pl": "umowa o pracę lub inna umowa", "en": "employment or other work contract",
                            "uk": "трудовий або інший договір", "ru": "трудовой или иной договор",
                            "fr": "contrat de travail ou autre contrat", "ar": "عقد عمل أو عقد آخر",
                            "vi": "hợp đồng lao động hoặc hợp đồng khác"},
    "health_insurance": {"pl": "ubezpieczenie zdrowotne", "en": "health insurance", "uk": "медичне страхування",
                         "ru": "медицинское страхование", "fr": "assurance maladie", "ar": "التأمين الصحي",
                         "vi": "bảo hiểm y tế"},
    "accommodation_proof": {"pl": "tytuł prawny do lokalu", "en": "proof of accommodation",
                            "uk": "правова підстава для проживання", "ru": "правовое основание для проживания",
                            "fr": "justificatif de logement", "ar": "إثبات السكن", "vi": "giấy tờ chứng minh chỗ ở"},
    "income_proof": {"pl": "dokument o dochodach", "en": "proof of income", "uk": "документ про доходи",
                     "ru": "документ о доходах", "fr": "justificatif de revenus", "ar": "إثبات الدخل",
                     "vi": "giấy tờ chứng minh thu nhập"},
    "bank_statement": {"pl": "wyciąg z rachunku bankowego", "en": "bank statement", "uk": "банківська виписка",
                       "ru": "банковская выписка", "fr": "relevé bancaire", "ar": "كشف حساب مصرفي",
                       "vi": "sao kê tài khoản ngân hàng"},
    "marriage_certificate": {"pl": "akt małżeństwa", "en": "marriage certificate", "uk": "свідоцтво про шлюб",
                             "ru": "свидетельство о браке", "fr": "acte de mariage", "ar": "عقد الزواج",
                             "vi": "giấy chứng nhận kết hôn"},
    "birth_certificate": {"pl": "akt urodzenia", "en": "birth certificate", "uk": "свідоцтво про народження",
                          "ru": "свидетельство о рождении", "fr": "acte de naissance", "ar": "شهادة الميلاد",
                          "vi": "giấy khai sinh"},
    "spouse_id_copy": {"pl": "kopia dowodu osobistego małżonka", "en": "copy of the spouse's identity card",
                       "uk": "копія посвідчення особи чоловіка або дружини",
                       "ru": "копия удостоверения личности супруга", "fr": "copie de la carte d'identité du conjoint",
                       "ar": "نسخة من بطاقة هوية الزوج أو الزوجة", "vi": "bản sao chứng minh nhân dân của vợ hoặc chồng"},
    "sponsor_residence_title": {"pl": "dokument pobytowy członka rodziny w Polsce",
                                "en": "residence title of the family member in Poland",
                                "uk": "документ про перебування члена родини в Польщі",
                                "ru": "документ о пребывании члена семьи в Польше",
                                "fr": "titre de séjour du membre de la famille en Pologne",
                                "ar": "وثيقة إقامة فرد الأسرة في بولندا",
                                "vi": "giấy tờ cư trú của thành viên gia đình tại Ba Lan"},
    "karta_polaka_copy": {"pl": "kopia Karty Polaka", "en": "copy of the Karta Polaka", "uk": "копія Карти поляка",
                          "ru": "копия Карты поляка", "fr": "copie de la Karta Polaka (Carte du Polonais)",
                          "ar": "نسخة من بطاقة البولندي (Karta Polaka)", "vi": "bản sao Thẻ người Ba Lan (Karta Polaka)"},
    "polish_origin_evidence": {"pl": "dokumenty potwierdzające polskie pochodzenie",
                               "en": "evidence of Polish origin", "uk": "документи, що підтверджують польське походження",
                               "ru": "документы, подтверждающие польское происхождение",
                               "fr": "preuves de l'origine polonaise", "ar": "مستندات تثبت الأصل البولندي",
                               "vi": "giấy tờ chứng minh gốc Ba Lan"},
    "polish_language_certificate": {"pl": "urzędowe poświadczenie znajomości języka polskiego",
                                    "en": "certificate of Polish language proficiency",
                                    "uk": "офіційний сертифікат знання польської мови",
                                    "ru": "официальный сертификат знания польского языка",
                                    "fr": "certificat officiel de connaissance du polonais",
                                    "ar": "شهادة رسمية بإتقان اللغة البولندية",
                                    "vi": "chứng chỉ chính thức về trình độ tiếng Ba Lan"},
    "diploma": {"pl": "dyplom", "en": "diploma", "uk": "диплом", "ru": "диплом", "fr": "diplôme",
                "ar": "الشهادة الجامعية", "vi": "bằng tốt nghiệp"},
    "residence_card_copy": {"pl": "kopia karty pobytu", "en": "copy of the residence card",
                            "uk": "копія карти побиту", "ru": "копия карты побыту (вида на жительство)",
                            "fr": "copie de la carte de séjour", "ar": "نسخة من بطاقة الإقامة",
                            "vi": "bản sao thẻ cư trú"},
    "visa_copy": {"pl": "kopia wizy", "en": "copy of the visa", "uk": "копія візи", "ru": "копия визы",
                  "fr": "copie du visa", "ar": "نسخة من التأشيرة", "vi": "bản sao thị thực"},
    "sworn_translation": {"pl": "tłumaczenie przysięgłe", "en": "sworn translation", "uk": "присяжний переклад",
                          "ru": "присяжный перевод", "fr": "traduction assermentée", "ar": "ترجمة محلّفة",
                          "vi": "bản dịch công chứng của phiên dịch viên tuyên thệ"},
    "power_of_attorney": {"pl": "pełnomocnictwo", "en": "power of attorney", "uk": "довіреність",
                          "ru": "доверенность", "fr": "procuration", "ar": "توكيل", "vi": "giấy ủy quyền"},
    "power_of_attorney_fee_proof": {"pl": "dowód opłaty skarbowej od pełnomocnictwa",
                                    "en": "proof of the power-of-attorney stamp duty",
                                    "uk": "підтвердження сплати державного мита за довіреність",
                                    "ru": "подтверждение уплаты гербового сбора за доверенность",
                                    "fr": "preuve du paiement du droit de timbre sur la procuration",
                                    "ar": "إثبات دفع رسم الدمغة عن التوكيل",
                                    "vi": "chứng từ nộp lệ phí tem cho giấy ủy quyền"},
    "stamp_duty_proof": {"pl": "dowód zapłaty opłaty skarbowej", "en": "proof of the stamp duty payment",
                         "uk": "підтвердження сплати державного мита", "ru": "подтверждение уплаты гербового сбора",
                         "fr": "preuve du paiement du droit de timbre", "ar": "إثبات دفع رسم الدمغة",
                         "vi": "chứng từ nộp lệ phí tem"},
    "card_fee_proof": {"pl": "dowód opłaty za kartę pobytu", "en": "proof of the residence-card fee payment",
                       "uk": "підтвердження оплати за карту побиту", "ru": "подтверждение оплаты карты побыту",
                       "fr": "preuve du paiement des frais de carte de séjour", "ar": "إثبات دفع رسم بطاقة الإقامة",
                       "vi": "chứng từ nộp phí thẻ cư trú"},
    "fee_reduction_proof": {"pl": "dokument uprawniający do obniżenia opłaty", "en": "proof of the fee reduction",
                            "uk": "документ, що дає право на зниження оплати",
                            "ru": "документ, дающий право на снижение оплаты",
                            "fr": "justificatif de la réduction des frais", "ar": "مستند يثبت الحق في تخفيض الرسم",
                            "vi": "giấy tờ chứng minh được giảm phí"},
    "other": {"pl": "inny dokument", "en": "other document", "uk": "інший документ", "ru": "другой документ",
              "fr": "autre document", "ar": "مستند آخر", "vi": "tài liệu khác"},
}

_OR = {"pl": " lub ", "en": " or ", "uk": " або ", "ru": " или ", "fr": " ou ", "ar": " أو ", "vi": " hoặc "}


def kinds_label(kinds: Iterable[str], lang: str) -> str:
    """The kinds as words, joined by "or" in the language (English for a language without labels)."""
    joiner = _OR.get(lang, _OR["en"])
    return joiner.join(KIND_LABELS.get(k, {}).get(lang) or KIND_LABELS.get(k, {}).get("en", k) for k in kinds)


def permit_type(app: Application | None) -> str | None:
    """The permit type applied for, as its enum value."""
    return app.permit.type.value if app and app.permit and app.permit.type else None


def ground(app: Application | None) -> str | None:
    """The ground of the permit, as its enum value."""
    return app.permit.ground.value if app and app.permit and app.permit.ground else None


def in_mos_regime(c: CheckContext) -> bool:
    """True when applications are filed through MOS on the filing date."""
    return c.rulebook.value("channel.regime", None) == "mos"


def documents(app: Application | None) -> Iterator[tuple[int, Document]]:
    """(index, entry) of every declared document."""
    for i, doc in enumerate((app.documents or []) if app else []):
        yield i, doc


def declared_kinds(app: Application | None) -> set[str]:
    """Kinds of every documents[] entry.

    A required document counts as declared when an entry of its kind exists, even if its file is
    absent from the package: that case is already reported once, by A001 listed-document-missing.
    """
    return {doc.kind.value for _, doc in documents(app) if doc.kind}


def declared_path(doc: Document) -> str | None:
    """The declared file as the inventory names it."""
    return normalise_declared_path(doc.file) if doc.file else None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus (or, negative, minus) calendar months, clamped to the month's last day
    (31 May - 3 months = 28/29 Feb). Beyond the calendar's years: ``date.max`` / ``date.min``."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max if months > 0 else dt.date.min
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def subtract_months(day: dt.date, months: int) -> dt.date:
    """``add_months(day, -months)``; kept for the callers outside the requirement rules."""
    return add_months(day, -months)


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def unreliable(c: CheckContext, *pointers: str) -> bool:
    """True when the value at any of ``pointers``, a parent or a child was invalid and removed.

    The shape rule (D001) already reports it there; a requirement check built on what is left would
    report a second, misleading defect (e.g. "photo missing" when documents[] was not a list).
    """
    parsed = c.parsed
    if parsed is None:
        return False
    return any(parsed.was_pruned(p) or any(q.startswith(p + "/") for q in parsed.pruned) for p in pointers)
