"""Active content and signature fields, found by a bounded walk over a PDF's object graph: the
catalog's open and additional actions, the JavaScript and embedded-file name trees, the form's
fields (XFA, interactive fields, signed signature fields) and every page's actions and annotations."""

from __future__ import annotations

from typing import Any

from .objects import _name, _resolve

#: Bounds on the walk over a PDF's object graph for active content and signatures.
MAX_NODES = 20_000
MAX_DEPTH = 64

#: Action types (``/S``) that run something rather than navigate.
_ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "submit_form",
    "/ImportData": "import_data",
    "/GoToE": "embedded_goto",
    "/RichMediaExecute": "rich_media",
    "/Rendition": "rich_media",
    "/Movie": "rich_media",
    "/Sound": "rich_media",
}


class _Budget:
    def __init__(self) -> None:
        self.nodes = 0

    def spend(self) -> bool:
        self.nodes += 1
        return self.nodes <= MAX_NODES


def _actions(action: Any, found: set[str], budget: _Budget, depth: int = 0) -> None:
    """Classify an action dictionary (and its /Next chain)."""
    action = _resolve(action)
    if depth > MAX_DEPTH or not budget.spend():
        return
    if isinstance(action, list):
        for a in action[:1000]:
            _actions(a, found, budget, depth + 1)
        return
    if not isinstance(action, dict):
        return
    kind = _name(action.get("/S"))
    if kind in _ACTIVE_ACTIONS:
        found.add(_ACTIVE_ACTIONS[kind])
    if "/JS" in action:
        found.add("javascript")
    if "/Next" in action:
        _actions(action["/Next"], found, budget, depth + 1)


def _additional_actions(aa: Any, found: set[str], budget: _Budget) -> None:
    aa = _resolve(aa)
    if not isinstance(aa, dict):
        return
    triggered = False
    for value in list(aa.values())[:100]:
        before = len(found)
        _actions(value, found, budget)
        action = _resolve(value)
        if len(found) > before or (isinstance(action, dict) and _name(action.get("/S"))):
            triggered = True
    if triggered:
        found.add("additional_actions")


def _scan_features(reader: Any, sig_values: list[tuple[str | None, Any]]) -> tuple[str, ...]:
    """Active content ids found in the catalog, name trees, form and pages; every signed signature
    field's (name, value dictionary) is appended to ``sig_values``."""
    found: set[str] = set()
    budget = _Budget()
    root = _resolve(reader.trailer.get("/Root"))
    if not isinstance(root, dict):
        return ()

    open_action = _resolve(root.get("/OpenAction"))
    if isinstance(open_action, dict):
        before = set(found)
        _actions(open_action, found, budget)
        if found - before:
            found.add("open_action")
    if "/AA" in root:
        _additional_actions(root["/AA"], found, budget)

    names = _resolve(root.get("/Names"))
    if isinstance(names, dict):
        if _name_tree_has_entries(names.get("/JavaScript"), budget):
            found.add("javascript")
        if _name_tree_has_entries(names.get("/EmbeddedFiles"), budget):
            found.add("embedded_files")

    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, dict):
        if form.get("/XFA") is not None:
            found.add("xfa")
        _fields(form.get("/Fields"), found, sig_values, budget, 0, set())

    for page in reader.pages:
        if not budget.spend():
            break
        page = _resolve(page)
        if not isinstance(page, dict):
            continue
        if "/AA" in page:
            _additional_actions(page["/AA"], found, budget)
        annots = _resolve(page.get("/Annots"))
        if not isinstance(annots, list):
            continue
        for annot in annots[:5000]:
            annot = _resolve(annot)
            if not isinstance(annot, dict) or not budget.spend():
                continue
            subtype = _name(annot.get("/Subtype"))
            if subtype == "/FileAttachment":
                found.add("embedded_files")
            elif subtype in ("/RichMedia", "/Screen", "/Movie", "/Sound"):
                found.add("rich_media")
            if "/A" in annot:
                _actions(annot["/A"], found, budget)
            if "/AA" in annot:
                _additional_actions(annot["/AA"], found, budget)
    return tuple(sorted(found))


def _name_tree_has_entries(tree: Any, budget: _Budget, depth: int = 0) -> bool:
    """True when a name tree has an entry, or is present but cannot be resolved (a viewer that
    rebuilds the file's cross-references may still find it: reported, conservatively)."""
    if tree is None:
        return False
    tree = _resolve(tree)
    if tree is None and depth == 0:
        return True
    if not isinstance(tree, dict) or depth > MAX_DEPTH or not budget.spend():
        return False
    names = _resolve(tree.get("/Names"))
    if isinstance(names, list) and names:
        return True
    kids = _resolve(tree.get("/Kids"))
    if isinstance(kids, list):
        return any(_name_tree_has_entries(k, budget, depth + 1) for k in kids[:1000])
    return False


def _fields(fields: Any, found: set[str], sig_values: list[tuple[str | None, Any]], budget: _Budget, depth: int,
            seen: set[int], inherited_ft: str | None = None) -> None:
    """Walk the AcroForm field tree: signed signature fields are signatures (their name and value
    dictionary appended to ``sig_values``); any other terminal field (including an empty signature
    field waiting to be signed) is an interactive form field."""
    fields = _resolve(fields)
    if not isinstance(fields, list) or depth > MAX_DEPTH:
        return
    for ref in fields[:10000]:
        if not budget.spend():
            return
        key = getattr(ref, "idnum", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        field = _resolve(ref)
        if not isinstance(field, dict):
            continue
        ft = _name(field.get("/FT")) or inherited_ft
        if "/AA" in field:
            _additional_actions(field["/AA"], found, budget)
        if "/A" in field:
            _actions(field["/A"], found, budget)
        kids = _resolve(field.get("/Kids"))
        has_field_kids = isinstance(kids, list) and any(
            isinstance(_resolve(k), dict) and "/T" in _resolve(k) for k in kids[:10000])
        if has_field_kids:
            _fields(kids, found, sig_values, budget, depth + 1, seen, ft)
            continue
        if ft == "/Sig":
            value = _resolve(field.get("/V"))
            if isinstance(value, dict) and ("/ByteRange" in value or "/Contents" in value):
                sig_values.append((_name(field.get("/T")), value))
                continue
        found.add("form_fields")
