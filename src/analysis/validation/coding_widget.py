"""The hand-coding tool of notebook 07: one sentence in its paragraph, four checkboxes and a
note; the sheet is saved (atomically) after every sentence and coding resumes at the first
sentence not yet coded. It reads one coder's sheet only, which holds no dictionary codes."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from analysis.core.errors import AnalysisError
from analysis.validation.sheets import CODE_COLUMNS, read_csv, write_csv


class CodingSession:
    """One coder's sheet: which sentences are coded, where to resume, saving each one."""

    def __init__(self, path: Path | str, dims: tuple[str, ...] = CODE_COLUMNS) -> None:
        self.path, self.dims = Path(path), dims
        self.sheet = read_csv(self.path, "coding sheet")
        missing = [c for c in ("uid", "sentence", *dims) if c not in self.sheet.columns]
        if missing:
            raise AnalysisError(f"{self.path}: missing column(s) {', '.join(missing)} "
                                "(is this a sheet written by `analysis validate sample`?)")
        for col in dims:
            bad = ~self.sheet[col].isin(["", "0", "1"])
            if bad.any():
                raise AnalysisError(f"{self.path}: uid {self.sheet.loc[bad, 'uid'].iloc[0]}, "
                                    f"column {col}: {self.sheet.loc[bad, col].iloc[0]!r} is "
                                    "not 0, 1 or empty")
        for col in ("paragraph", "note"):
            if col not in self.sheet:
                self.sheet[col] = ""

    def __len__(self) -> int:
        return len(self.sheet)

    def is_coded(self, i: int) -> bool:
        """Every dimension of sentence ``i`` has a code."""
        return all(self.sheet.at[i, d] != "" for d in self.dims)

    @property
    def n_coded(self) -> int:
        return sum(self.is_coded(i) for i in range(len(self)))

    def first_open(self) -> int:
        """The first sentence not yet coded (``len(self)`` when all are)."""
        return next((i for i in range(len(self)) if not self.is_coded(i)), len(self))

    def codes(self, i: int) -> tuple[dict[str, bool], str]:
        """The stored codes (unset = False) and note of sentence ``i``."""
        return {d: self.sheet.at[i, d] == "1" for d in self.dims}, self.sheet.at[i, "note"]

    def record(self, i: int, codes: dict[str, bool], note: str) -> None:
        """Store sentence ``i``'s codes (every dimension 0 or 1) and note; save the sheet."""
        for dim in self.dims:
            self.sheet.at[i, dim] = "1" if codes.get(dim, False) else "0"
        self.sheet.at[i, "note"] = note.strip()
        write_csv(self.sheet, self.path)

    def summary(self) -> str:
        return (f"{self.path.name}: {len(self)} sentences, {self.n_coded} coded; "
                f"{'all done' if self.first_open() == len(self) else 'resuming at sentence '}"
                f"{'' if self.first_open() == len(self) else self.first_open() + 1}")


def sentence_html(sentence: str, paragraph: str) -> str:
    """The paragraph with the sentence to code highlighted (the sentence alone if absent)."""
    s, p = html.escape(sentence), html.escape(paragraph)
    if p and s in p:
        return p.replace(s, f"<mark><b>{s}</b></mark>", 1)
    return f"<mark><b>{s}</b></mark>" + (f"<br><small>{p}</small>" if p else "")


def coding_widget(session: CodingSession) -> widgets.VBox:
    """The coding form bound to ``session``: shows the first open sentence."""
    progress, text = widgets.HTML(), widgets.HTML()
    boxes = {d: widgets.Checkbox(description=d, indent=False) for d in session.dims}
    for dim, box in boxes.items():
        box.add_class(f"rb-code-{dim}")
    note = widgets.Textarea(placeholder="note (optional)", layout=widgets.Layout(width="60%"))
    back = widgets.Button(description="← previous")
    forward = widgets.Button(description="save and next →", button_style="primary")
    forward.add_class("rb-next")
    state = {"i": session.first_open()}

    def show(i: int) -> None:
        state["i"] = i
        done = i >= len(session)
        progress.value = (f"<b>{session.n_coded} of {len(session)} coded</b>" +
                          ("" if done else f" · sentence {i + 1} ({session.sheet.at[i, 'uid']})"))
        for control in (*boxes.values(), note, forward):
            control.disabled = done
        back.disabled = i == 0
        if done:
            text.value = "<p>Every sentence of this sheet is coded.</p>"
            return
        text.value = sentence_html(session.sheet.at[i, "sentence"],
                                   session.sheet.at[i, "paragraph"])
        codes, stored_note = session.codes(i)
        for dim, box in boxes.items():
            box.value = codes[dim]
        note.value = stored_note

    def save_and_next(_: widgets.Button) -> None:
        session.record(state["i"], {d: b.value for d, b in boxes.items()}, note.value)
        show(state["i"] + 1)

    back.on_click(lambda _: show(max(state["i"] - 1, 0)))
    forward.on_click(save_and_next)
    show(state["i"])
    return widgets.VBox([progress, text, widgets.HBox(list(boxes.values())), note,
                         widgets.HBox([back, forward])])
