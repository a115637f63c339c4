"""Which language is a document's text layer in? Enough to tell "Polish" from "not Polish".

Not a rule: the rules (``rules/language.py``) ask it, and it knows nothing of the law. Two detectors:

- **core** (no dependency): the writing system first, by Unicode ranges. A text mostly in Cyrillic,
  Arabic, Georgian, Armenian, Greek, Hebrew, Devanagari, Thai, Chinese, Japanese or Korean script is
  certainly not Polish, whatever its language. Within Cyrillic it tells Ukrainian (і ї є ґ),
  Belarusian (ў) and Russian (ы э ъ ё without і) apart by the letters only one of them uses, plus
  function words; a Cyrillic text without such letters stays "Cyrillic, language undetermined".
  Arabic-script text is ``ar`` unless Persian letters (پ چ ژ گ) dominate (``fa``). Within the Latin
  script it scores Polish, English, German, French, Spanish, Italian, Portuguese, Romanian,
  Turkish, Vietnamese and Czech by their function words and document words (with and without
  diacritics: scans of Polish forms are often typed without them) and by letters only some of
  them use (ą ę ł ń ś ź ż ć for Polish, ơ ư đ and the stacked tone marks for Vietnamese...). It
  cannot tell apart languages it does not score (Dutch, Slovak, Croatian... come out undetermined
  or as a close neighbour); it needs at least :data:`MIN_LETTERS` letters and a clear lead
  (:data:`MIN_EVIDENCE`, :data:`MIN_LEAD`), otherwise the answer is "undetermined".
- **lingua** (the optional ``lang`` extra, ``lingua-language-detector``): when installed, it names
  the language among the candidates of the detected script (:data:`LINGUA_CANDIDATES`), in its
  low-accuracy (trigram) mode: about 30 MB and milliseconds, where the full models take hundreds of
  MB. The share of Polish (:attr:`Detection.polish_share`) always comes from the core scoring, so
  that a bilingual document is never called foreign on one detector's word.

Nothing here logs or keeps the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

#: Fewer letters than this: too short to tell.
MIN_LETTERS = 40
#: Least evidence (weighted function-word and letter hits) for the leading Latin language.
MIN_EVIDENCE = 4.0
#: The leading Latin language must score at least this many times the runner-up.
MIN_LEAD = 2.0
#: lingua is consulted from this many letters on (its trigram mode is unreliable on less).
LINGUA_MIN_LETTERS = 60
#: Letters of a distinctive alphabet weigh this much against one function word.
LETTER_WEIGHT = 0.3

_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "latin"), (0x1E00, 0x1EFF, "latin"),
    (0x0370, 0x03FF, "greek"), (0x0400, 0x052F, "cyrillic"), (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"), (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"), (0x0E00, 0x0E7F, "thai"), (0x10A0, 0x10FF, "georgian"),
    (0x3040, 0x30FF, "japanese"), (0x4E00, 0x9FFF, "chinese"), (0xAC00, 0xD7AF, "korean"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
)
#: The language a non-Latin script stands for when the script alone decides.
_SCRIPT_LANGUAGE = {"greek": "el", "armenian": "hy", "hebrew": "he", "devanagari": "hi", "thai": "th",
                    "georgian": "ka", "japanese": "ja", "chinese": "zh", "korean": "ko"}


#: Function words and common document words per Latin-script language, in lower case; Polish ones
#: also without diacritics (matched after folding).
_LATIN_WORDS: dict[str, frozenset[str]] = {
    "pl": frozenset("""i w z na do nie się sie o że ze jest to od za po dla przez oraz lub jak co ten ta tym jego
        jej ich być byc który ktory która ktora które ktore także takze dnia roku ul nr zł zl pan pani
        umowa umowy zaświadczenie zaswiadczenie wniosek urząd urzad urzędu urzedu opłata oplata opłaty
        przelew przelewu potwierdzenie rachunku rachunek ubezpieczenie ubezpieczenia najmu pracy pracę prace
        pracodawca pracownik wynagrodzenie okres kwota tytuł tytul odbiorca ubezpieczony płatnik platnik
        zawarta zawarty między miedzy stanowisko wymiar czasu etat lokalu mieszkalnego najemca wynajmujący
        niniejszym zaświadcza zaswiadcza obywatel obywatelka urodzony urodzona imię imie nazwisko data
        miejsce wydania ważny wazny tłumaczenie tlumaczenie przysięgłe przysiegle tłumacz tlumacz język
        jezyku polski polskiego wyciąg wyciag saldo posiadacz spółka spolka zezwolenie pobyt czasowy
        oświadczam oswiadczam podpis strona stron akt małżeństwa malzenstwa urodzenia stanu cywilnego
        zgłoszeniu zgloszeniu zdrowotnego dom studencki mieszkaniec zakwaterowania""".split()),
    "en": frozenset("""the and of to in is for on with by as at this that be are was from or an it has have not
        no certificate certify certifies hereby issued name number date holder statement account contract
        agreement birth marriage employer employee insurance university student signature page passport
        surname given valid until period amount which who whom been were will shall any all such their his
        her its into under between confirmation transfer payment bank balance employment salary""".split()),
    "de": frozenset("""der die das und ist nicht mit von zu den des dem ein eine einer für fur auf im sich bei
        als auch wird werden wurde geboren geburtsurkunde bescheinigung urkunde vertrag datum herr frau
        wir sie er es zum zur nach über uber oder dass daß diese dieser dieses""".split()),
    "fr": frozenset("""le la les de des du et est un une en pour par au aux que qui dans sur avec ne pas ce
        cette né née certificat acte attestation monsieur madame nous vous il elle sont été ont être""".split()),
    "es": frozenset("""el la los las de del y en que es por para con un una se no al su como certificado acta
        nacimiento fecha señor señora fue son está esta este""".split()),
    "it": frozenset("""il lo la gli le di del della che è per con un una non sono nato nata certificato data
        nel nella dei delle questo questa ai agli""".split()),
    "pt": frozenset("""o a os as de do da dos das em que para com um uma não nao por certidão certidao
        nascimento data foi são sao pelo pela este esta""".split()),
    "ro": frozenset("""și si în in de la cu pe care este un o din pentru nu să sa al ale certificat naștere
        nastere data fost sunt acest aceasta""".split()),
    "tr": frozenset("""ve bir bu için icin ile da de olarak olan tarihi adı adi soyadı soyadi doğum dogum
        belgesi sayılı sayili tarafından tarafindan ne çok cok gibi nüfus nufus""".split()),
    "vi": frozenset("""và của là có được cho không người này với các một những trong ngày tháng năm giấy số
        họ tên""".split()),
    "cs": frozenset("""a je se na v ve z ze do pro že to jako s o k by tak který která které ale podle
        narození narozeni rodné rodne číslo cislo""".split()),
}
#: Letters only some Latin-script languages use (one hit each, weighted by :data:`LETTER_WEIGHT`).
_LATIN_LETTERS: dict[str, str] = {
    "pl": "ąęłńśźżć", "cs": "řěů", "vi": "ơưđ", "tr": "ğış", "ro": "șțţ", "de": "ßäöü",
    "fr": "èêëœçàùî", "es": "ñ¿¡", "pt": "ãõ",
}
_VIETNAMESE_TONES = (0x1EA0, 0x1EF9)  # ạ ả ấ ầ ẩ ẫ ậ ... ỹ: Vietnamese only

#: Cyrillic: letters of one language only, and function words.
_CYRILLIC_LETTERS = {"uk": "їєґ", "be": "ў", "ru": "ыэъё"}
_CYRILLIC_WORDS: dict[str, frozenset[str]] = {
    "uk": frozenset("та що від для як це і й до на з у є який яка які про або громадянин громадянка свідоцтво "
                    "народження шлюбу паспорт україни дата місце видано".split()),
    "ru": frozenset("и в не что от для как это по с к или который которая о свидетельство рождении рождения "
                    "брака паспорт российской федерации гражданин гражданка дата место выдан".split()),
    "be": frozenset("і ў не што ад для як гэта па з да або пасведчанне нараджэння шлюбу рэспублікі "
                    "беларусь грамадзянін".split()),
    "bg": frozenset("и в не че от за като това по с към или е са на удостоверение раждане".split()),
}
_PERSIAN = set("پچژگ")

#: Languages lingua chooses among, per script (the likely languages of a residence-permit package).
LINGUA_CANDIDATES: dict[str, tuple[str, ...]] = {
    "latin": ("pl", "en", "de", "fr", "es", "it", "pt", "ro", "tr", "vi", "cs", "sk", "nl", "hr", "lt",
              "lv", "az", "uz", "id", "tl"),
    "cyrillic": ("uk", "ru", "be", "bg", "kk", "sr", "mk", "mn"),
    "arabic": ("ar", "fa", "ur"),
}

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Detection:
    """What the detector found in one text."""

    language: str | None
    """ISO 639-1 code, or None when undetermined (too short, ambiguous, or a script whose
    languages cannot be told apart)."""
    script: str | None
    """The dominant writing system (``latin``, ``cyrillic``, ``arabic``...), or None."""
    confidence: float
    """0-1: the leading language's share of the evidence (the script's share of the letters when
    the script alone decides)."""
    polish_share: float
    """0-1: how much of the text reads as Polish (Latin letters' share times Polish's share of the
    Latin evidence)."""
    letters: int
    method: str
    """``core`` or ``lingua``."""
    reason: str | None = None
    """Why undetermined: ``too_short``, ``ambiguous``, ``script_only``."""

    @property
    def foreign(self) -> bool:
        """True when the text is confidently not Polish (a language or a non-Latin script leads, and
        little of it reads as Polish)."""
        if self.polish_share >= 0.2:
            return False
        if self.language is not None:
            return self.language != "pl"
        return self.script is not None and self.script != "latin" and self.reason == "script_only"


def _script_of(ch: str) -> str | None:
    cp = ord(ch)
    for lo, hi, name in _SCRIPTS:
        if lo <= cp <= hi:
            return name
    return None


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).replace("ł", "l")


@functools.lru_cache(maxsize=256)
def detect(text: str, *, use_lingua: bool | None = None) -> Detection:
    """Detect the language of ``text`` (cached per text). ``use_lingua``: None = when installed."""
    letters = [ch for ch in text if ch.isalpha()]
    n = len(letters)
    if n < MIN_LETTERS:
        return Detection(None, None, 0.0, 0.0, n, "core", "too_short")
    scripts = Counter(s for s in map(_script_of, letters) if s is not None)
    if not scripts:
        return Detection(None, None, 0.0, 0.0, n, "core", "ambiguous")
    script, count = scripts.most_common(1)[0]
    script_share = count / n
    latin_share = scripts.get("latin", 0) / n
    latin = _latin_scores(text) if scripts.get("latin") else {}
    total = sum(latin.values())
    polish_share = latin_share * (latin.get("pl", 0.0) / total) if total else 0.0
    core = _core(text, script, script_share, latin, n, polish_share)
    if use_lingua is False or n < LINGUA_MIN_LETTERS or script not in LINGUA_CANDIDATES:
        return core
    found = _lingua(text, script)
    if found is None:
        return core
    language, confidence = found
    return Detection(language if confidence >= 0.5 else None, script, round(confidence, 3),
                     round(polish_share, 3), n, "lingua", None if confidence >= 0.5 else "ambiguous")


def _core(text: str, script: str, script_share: float, latin: dict[str, float], n: int,
          polish_share: float) -> Detection:
    ps = round(polish_share, 3)
    if script == "latin":
        ranked = sorted(latin.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < MIN_EVIDENCE:
            return Detection(None, script, 0.0, ps, n, "core", "ambiguous")
        top, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if score < MIN_LEAD * second:
            return Detection(None, script, round(score / sum(latin.values()), 3), ps, n, "core", "ambiguous")
        return Detection(top, script, round(score / sum(latin.values()), 3), ps, n, "core")
    if script == "cyrillic":
        language, confidence = _cyrillic(text)
        if language is None:
            return Detection(None, script, round(script_share, 3), ps, n, "core", "script_only")
        return Detection(language, script, round(confidence, 3), ps, n, "core")
    if script == "arabic":
        persian = sum(1 for ch in text if ch in _PERSIAN)
        language = "fa" if persian >= 3 else "ar"
        return Detection(language, script, round(script_share, 3), ps, n, "core")
    language = _SCRIPT_LANGUAGE.get(script)
    return Detection(language, script, round(script_share, 3), ps, n, "core", None if language else "script_only")


def _latin_scores(text: str) -> dict[str, float]:
    scores: dict[str, float] = {lang: 0.0 for lang in _LATIN_WORDS}
    for token in _TOKEN.findall(text.lower()):
        folded = _fold(token)
        for lang, words in _LATIN_WORDS.items():
            if token in words or (lang == "pl" and folded in words):
                scores[lang] += 1.0
    lowered = text.lower()
    for lang, letters in _LATIN_LETTERS.items():
        hits = sum(lowered.count(ch) for ch in letters)
        scores[lang] += LETTER_WEIGHT * hits
    tones = sum(1 for ch in lowered if _VIETNAMESE_TONES[0] <= ord(ch) <= _VIETNAMESE_TONES[1])
    scores["vi"] += LETTER_WEIGHT * tones * 2
    return {lang: s for lang, s in scores.items() if s > 0}


def _cyrillic(text: str) -> tuple[str | None, float]:
    lowered = text.lower()
    scores = {lang: 3.0 * sum(lowered.count(ch) for ch in letters) for lang, letters in _CYRILLIC_LETTERS.items()}
    scores["bg"] = 0.0
    # "і" is Ukrainian and Belarusian. With "ў", or with "ы"/"э" (which Ukrainian lacks), it is
    # Belarusian; otherwise it leans Ukrainian. Russian has no "і" at all.
    i_count = lowered.count("і")
    y_e = lowered.count("ы") + lowered.count("э")
    if i_count and (scores["be"] or y_e):
        scores["be"] += 3.0 * (i_count + y_e)
        scores["ru"] = 0.0
    else:
        scores["uk"] += i_count
    cyrillic = sum(1 for ch in lowered if "\u0400" <= ch <= "\u052f")
    if cyrillic >= 80 and not i_count and not any(ch in lowered for ch in "їєґў"):
        scores["ru"] += 2.0  # a long Cyrillic text with none of the Ukrainian/Belarusian letters
    for token in _TOKEN.findall(lowered):
        for lang, words in _CYRILLIC_WORDS.items():
            if token in words:
                scores[lang] += 1.0
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    top, score = ranked[0]
    second = ranked[1][1]
    if score < MIN_EVIDENCE or score < MIN_LEAD * second:
        return None, 0.0
    return top, score / (sum(scores.values()) or 1.0)


@functools.lru_cache(maxsize=4)
def _lingua_detector(script: str):  # noqa: ANN202 - lingua's type when installed
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    languages = []
    for code in LINGUA_CANDIDATES[script]:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def lingua_available() -> bool:
    """True when the optional ``lang`` extra (lingua-language-detector) is installed."""
    return _lingua_detector("latin") is not None


def _lingua(text: str, script: str) -> tuple[str, float] | None:
    detector = _lingua_detector(script)
    if detector is None:
        return None
    try:
        values = detector.compute_language_confidence_values(text[:4000])
    except Exception:
        return None
    if not values:
        return None
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)
