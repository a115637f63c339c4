"""One-off migration (issue 13 item 1): build ``i18n/catalogue/<lang>.yaml`` from the texts as they
were before: the pl/en ``message=``/``remedy=`` of every ``@rule``, ``i18n/<lang>/*.yaml`` (code
catalogues), ``_values.yaml`` (``by_value``, ``labels``, ``did_you_mean``), ``_ui.yaml``,
``_fields.yaml``, ``_habits.yaml`` and ``i18n/kinds.py``. Nothing is retyped by hand.

Kept for the record (git history shows what it produced); it only runs against a tree that still
has the old sources.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "src" / "mosprecheck" / "i18n"
LANGS = ("pl", "en", "uk", "ru", "fr", "ar", "vi")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


def _flatten(prefix: str, table: dict, out: dict) -> None:
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(f"{prefix}.{key}", value, out)
        else:
            out[f"{prefix}.{key}"] = value


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    import mosprecheck.rules as rules
    from mosprecheck.i18n.kinds import _OR, KIND_LABELS

    registry = rules.all_rules()
    out: dict[str, dict] = {lang: {} for lang in LANGS}
    phrases: dict[str, dict] = {}

    # which codes' templates use a `{<base>_<lang>}` slot: a slot of one code is keyed by the code
    slot_users: dict[str, set[str]] = {}
    for code, spec in registry.items():
        for tpl in [*spec.message.values(), *spec.remedy.values()]:
            for base in re.findall(r"\{([a-z_]+?)_(?:pl|en)\b", tpl):
                slot_users.setdefault(base, set()).add(code)

    for code, spec in sorted(registry.items()):
        for lang in ("pl", "en"):
            out[lang][f"{code}.message"] = spec.message[lang]
            out[lang][f"{code}.remedy"] = spec.remedy[lang]
    for lang in LANGS:
        lang_dir = I18N / lang
        if not lang_dir.is_dir():
            continue
        for path in sorted(lang_dir.glob("*.yaml")):
            data = _load(path)
            if not path.name.startswith("_"):
                for code, texts in data.items():
                    out[lang].setdefault(f"{code}.message", texts["message"])
                    out[lang].setdefault(f"{code}.remedy", texts["remedy"])
            elif path.name == "_ui.yaml":
                _flatten("ui", data, out[lang])
            elif path.name == "_habits.yaml":
                _flatten("habit", data, out[lang])
            elif path.name == "_fields.yaml":
                for pointer, entry in data.items():
                    out[lang][f"field.{pointer}"] = entry
            elif path.name == "_values.yaml":
                for label, tpl in (data.get("labels") or {}).items():
                    out[lang][f"fee.{label}"] = tpl
                if "did_you_mean" in data:
                    out[lang]["value.did_you_mean"] = data["did_you_mean"]
                for base, table in (data.get("by_value") or {}).items():
                    users = slot_users.get(base, set())
                    prefix = f"{next(iter(users))}.{base}" if len(users) == 1 else f"value.{base}"
                    for neutral, text in table.items():
                        out[lang][f"{prefix}.{neutral}"] = text
                if data.get("phrases"):  # looked up by English wording: kept aside until replaced by ids
                    phrases[lang] = data["phrases"]
    for label, (pl, en) in FEES.items():  # pl/en were f-strings in derived/fees.py
        out["pl"][f"fee.{label}"], out["en"][f"fee.{label}"] = pl, en
    for lang in LANGS:
        out[lang]["ui.or"] = _OR[lang]
    for kind, labels in KIND_LABELS.items():
        for lang in LANGS:
            out[lang][f"kind.{kind}"] = labels[lang]

    target = I18N / "catalogue"
    target.mkdir(exist_ok=True)
    for lang in LANGS:
        entries = dict(sorted(out[lang].items()))
        text = yaml.dump(entries, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
        (target / f"{lang}.yaml").write_text(HEADER.format(lang=lang) + text, encoding="utf-8")
        print(lang, len(entries))
    for lang, table in phrases.items():
        text = yaml.dump(table, allow_unicode=True, sort_keys=False, width=100000)
        (target / f"_phrases.{lang}.yaml").write_text(text, encoding="utf-8")
    return 0


FEES = {
    "stamp_duty_exempt": ("Opłata skarbowa za udzielenie zezwolenia: zwolnienie ({exemption})",
                          "Stamp duty for the permit: exempt ({exemption})"),
    "stamp_duty_by_case": ("Opłata skarbowa za udzielenie zezwolenia, zależnie od przypadku ({alternatives}); "
                           "wpłata: {paid_to}",
                           "Stamp duty for the permit, depending on the case ({alternatives}); paid to: {paid_to}"),
    "stamp_duty_unknown": ("Opłata skarbowa za udzielenie zezwolenia: kwoty nie ustalono w źródłach",
                           "Stamp duty for the permit: no source states the amount"),
    "stamp_duty": ("Opłata skarbowa za udzielenie zezwolenia; wpłata: {paid_to}",
                   "Stamp duty for the permit; paid to: {paid_to}"),
    "card_fee_not_established": ("Opłata za wydanie karty pobytu: w źródłach nie ustalono, czy jest pobierana",
                                 "Residence-card fee: no source states whether it is charged"),
    "card_fee": ("Opłata za wydanie karty pobytu; wpłata: {paid_to}", "Residence-card fee; paid to: {paid_to}"),
    "card_fee_exempt": ("Opłata za wydanie karty pobytu: nie pobiera się ({exemption})",
                        "Residence-card fee: not charged ({exemption})"),
    "card_fee_reduced": ("Opłata za wydanie karty pobytu; wpłata: {paid_to} (obniżona o {rate}: {reason})",
                         "Residence-card fee; paid to: {paid_to} (reduced by {rate}: {reason})"),
    "power_of_attorney_exempt": ("Opłata skarbowa od pełnomocnictwa: zwolnienie ({relationship})",
                                 "Stamp duty on the power of attorney: exempt ({relationship})"),
    "power_of_attorney": ("Opłata skarbowa od pełnomocnictwa", "Stamp duty on the power of attorney"),
}

HEADER = """\
# mosprecheck text catalogue: {lang}. Flat, keyed by stable ids (docs/translating.md).
# English (en.yaml) is the source; every other language records in {lang}.sources.yaml which
# English text each entry translates (scripts/i18n_mark.py).
"""

if __name__ == "__main__":
    sys.exit(main())
