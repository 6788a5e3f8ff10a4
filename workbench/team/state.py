"""The merged content of two copies of one engagement, worked out in memory.

``merged(a, b)`` is symmetric (a with b equals b with a) and settles each question by a
rule that only looks at the two copies, so merging is order-independent and a second
merge of the same copy changes nothing:

- records are matched by UUID; a record either side lacks is added;
- a tombstone (a row destroyed for good) wins over the row, and takes with it what
  belongs to the row (as the database's ``ON DELETE`` rules would);
- a record folded into another (same wave name, same form fingerprint, codes merged by
  name) keeps the smaller UUID and leaves a tombstone pointing at it;
- answers are matched by (interview, question, item): the same question answered on both
  sides is one answer;
- a field that differs takes the newer change (the audit trail's time for that field, or
  the row's modification time), ties going to the larger value; when both sides changed
  it since they parted, the conflict is reported;
- coded segments follow their notes: moved to where their words now are, or put in the
  trash when the words are gone or the note is.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workbench.team.triggers import LINK_TABLE

# Parents before children (inserts in this order, deletes in reverse).
ORDER = (
    "engagement",
    "wave",
    "respondent",
    "form_version",
    "interview",
    "planned_interview",
    "answer",
    "answer_change",
    "note",
    "code",
    "coded_segment",
    "memo",
    "finding",
    "recommendation",
    LINK_TABLE,
    "report_entry",
)
# Columns that change together: one side's values are taken whole.
GROUPS = {
    "answer": (("value", "num", "text"),),
    "coded_segment": (("source_kind", "source_id", "start", "end", "text"),),
}
NOT_MERGED = ("id", "created_at", "modified_at")
MEMO_TARGETS = {"code": "code", "segment": "coded_segment", "interview": "interview"}


@dataclass
class Copy:
    """Everything of one copy a merge reads: rows by table and id, tombstones, the trail."""

    engagement_id: str
    rows: dict[str, dict[str, dict[str, Any]]]
    tombstones: dict[tuple[str, str], tuple[datetime, str | None]]
    audit: dict[str, dict[str, Any]]
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (table, row id) -> {field: newest change, "*": creation}; (table, row id) -> event ids
    times: dict[tuple[str, str], dict[str, datetime]] = field(default_factory=dict)
    events: dict[tuple[str, str], dict[str, set[str]]] = field(default_factory=dict)

    def index_audit(self) -> None:
        times: dict[tuple[str, str], dict[str, datetime]] = defaultdict(dict)
        events: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for event in self.audit.values():
            key = (event["table_name"], event["row_id"])
            names = ["*"] if event["action"] == "insert" else (event["fields"] or "").split(",")
            for name in filter(None, names):
                if name not in times[key] or event["at"] > times[key][name]:
                    times[key][name] = event["at"]
                events[key][name].add(event["id"])
        self.times, self.events = dict(times), dict(events)


@dataclass
class Merged:
    rows: dict[str, dict[str, dict[str, Any]]]
    tombstones: dict[tuple[str, str], tuple[datetime, str | None]]
    audit: dict[str, dict[str, Any]]
    reports: dict[str, dict[str, Any]]
    items: list[dict[str, Any]]


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def row_key(table: str, row: dict[str, Any]) -> str:
    if table == LINK_TABLE:
        return f"{row['recommendation_id']}/{row['finding_id']}"
    return row["id"]


# -- the schema's references ---------------------------------------------------------------
def references() -> dict[str, list[tuple[str, str, str]]]:
    """table -> [(column, parent table, on delete)] from the models."""
    from workbench.store.models import Base

    found: dict[str, list[tuple[str, str, str]]] = {}
    for name in ORDER:
        table = Base.metadata.tables[name]
        found[name] = [
            (fk.parent.name, fk.column.table.name, (fk.ondelete or "NO ACTION").upper())
            for fk in table.foreign_keys
        ]
    return found


# -- merging ----------------------------------------------------------------------------------
class _Merge:
    def __init__(self, a: Copy, b: Copy, merge_codes: bool) -> None:
        self.a, self.b, self.merge_codes = a, b, merge_codes
        self.items: list[dict[str, Any]] = []
        self.refs = references()
        self.tombstones = _union_tombstones(a.tombstones, b.tombstones)
        self.alias: dict[str, dict[str, str]] = defaultdict(dict)
        self.revived: set[str] = set()  # notes deleted on one side, worked on on the other
        for (table, row_id), (_, survivor) in self.tombstones.items():
            if survivor:
                self.alias[table][row_id] = survivor

    def note(self, kind: str, table: str, record: str, **more: Any) -> None:
        self.items.append({"kind": kind, "table": table, "record": record, **more})

    # aliases ---------------------------------------------------------------------------
    def resolve(self, table: str, row_id: Any) -> Any:
        seen = set()
        while row_id in self.alias.get(table, {}) and row_id not in seen:
            seen.add(row_id)
            row_id = self.alias[table][row_id]
        return row_id

    def fold(self, table: str, groups: dict[Any, set[str]], when: dict[str, datetime]) -> None:
        """Fold each group of ids into its smallest, leaving tombstones that say so."""
        for ids in groups.values():
            ids = {self.resolve(table, i) for i in ids}
            if len(ids) < 2:
                continue
            survivor = min(ids)
            for loser in sorted(ids - {survivor}):
                self.alias[table][loser] = survivor
                self.tombstones[(table, loser)] = (when[survivor], survivor)

    def natural_folds(self) -> None:
        both = (self.a, self.b)
        for table, key in (("wave", ("name",)), ("form_version", ("fingerprint",))):
            groups: dict[Any, set[str]] = defaultdict(set)
            when = {}
            for copy in both:
                for row in copy.rows[table].values():
                    groups[tuple(row[k] for k in key)].add(row["id"])
                    when[row["id"]] = row["created_at"]
            self.fold(table, groups, when)
        self.form_versions()
        self.codes_by_name()

    def form_versions(self) -> None:
        seen: dict[tuple[str, int], set[str]] = defaultdict(set)
        for copy in (self.a, self.b):
            for row in copy.rows["form_version"].values():
                seen[(row["form_id"], row["version"])].add(row["fingerprint"])
        for (form_id, version), prints in sorted(seen.items()):
            if len(prints) > 1:
                self.note(
                    "form versions differ",
                    "form_version",
                    f"{form_id} v{version}",
                    detail=f"{len(prints)} different definitions carry this version; all kept",
                )

    def codes_by_name(self) -> None:
        paths: dict[str, set[str]] = defaultdict(set)
        shown: dict[str, set[str]] = defaultdict(set)  # the names as the consultants wrote them
        when: dict[str, datetime] = {}
        for copy in (self.a, self.b):
            codes = copy.rows["code"]
            for row in codes.values():
                if row["deleted_at"] is None and (("code", row["id"]) not in self.tombstones):
                    paths[_code_path(codes, row)].add(row["id"])
                    shown[_code_path(codes, row)].add(_code_path(codes, row, fold=False))
                    when[row["id"]] = row["created_at"]
        clashes = {
            p: ids for p, ids in paths.items() if len({self.resolve("code", i) for i in ids}) > 1
        }
        for path in sorted(clashes):
            self.note(
                "codes merged" if self.merge_codes else "same-name codes",
                "code",
                " or ".join(sorted(shown[path])),
                detail=(
                    "codes of the same name were merged into one"
                    if self.merge_codes
                    else "two codes share this name; merge them with --merge-codes"
                ),
            )
        if self.merge_codes:
            # Shallow paths first, so a merged parent's children meet under one parent.
            self.fold("code", dict(sorted(clashes.items(), key=lambda kv: kv[0].count("/"))), when)

    # rows ------------------------------------------------------------------------------
    def remapped(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        if "id" in row:
            row["id"] = self.resolve(table, row["id"])
        for column, parent, _ in self.refs[table]:
            if row.get(column) is not None:
                row[column] = self.resolve(parent, row[column])
        if table == "coded_segment":
            kind = "note" if row["source_kind"] == "note" else "answer"
            row["source_id"] = self.resolve(kind, row["source_id"])
        if table == "memo" and row["target_kind"] in MEMO_TARGETS and row["target_id"]:
            row["target_id"] = self.resolve(MEMO_TARGETS[row["target_kind"]], row["target_id"])
        return row

    def answer_folds(self) -> None:
        """The same cell answered on both sides under two ids is one answer: the newer
        one keeps its id (not remembered: every merge finds the pair again)."""
        cells: dict[tuple, list[tuple[Copy, dict[str, Any]]]] = defaultdict(list)
        for copy in (self.a, self.b):
            for row in copy.rows["answer"].values():
                if ("answer", row["id"]) in self.tombstones:
                    continue
                iid = self.resolve("interview", row["interview_id"])
                cells[(iid, row["question_key"], row["item"])].append((copy, row))
        for found in cells.values():
            ids = {row["id"] for _, row in found}
            if len(ids) < 2:
                continue
            best = max(
                found,
                key=lambda cr: (
                    _row_time(cr[0], "answer", cr[1]),
                    canonical(cr[1]["value"]),
                    cr[1]["id"],
                ),
            )
            for _, row in found:
                if row["id"] != best[1]["id"]:
                    self.alias["answer"][row["id"]] = best[1]["id"]

    def rows_of(self, table: str) -> dict[str, dict[str, Any]]:
        merged: dict[str, dict[str, Any]] = {}
        sources: dict[str, list[tuple[Copy, dict[str, Any]]]] = defaultdict(list)
        for copy in (self.a, self.b):
            for original in list(copy.rows[table].values()):
                tomb = self.tombstones.get((table, row_key(table, original)))
                # a row destroyed for good stays so, unless the other side worked on it
                if tomb and not tomb[1] and not self.deleted_but_edited(table, copy, original):
                    continue
                row = self.remapped(table, original)
                sources[row_key(table, row)].append((copy, original, row))  # type: ignore[arg-type]
        for key, found in sources.items():
            merged[key] = self.combine(table, found) if len(found) > 1 else dict(found[0][2])
        return merged

    def deleted_but_edited(self, table: str, copy: Copy, row: dict[str, Any]) -> bool:
        """A row destroyed on one side that the other side changed after parting.

        A note is worked on (its words edited, or coded) in a copy that never saw its
        deletion: nothing of that work may be lost, so the note stays, with its coding,
        and the line says so (deleting it again is one step).  Anything else: the
        deletion stands, and the line says what was deleted.  True when the row stays."""
        if table == LINK_TABLE:
            return False
        other = self.b if copy is self.a else self.a
        if row["id"] in other.rows[table]:
            return False  # still there on both sides: folded, not destroyed here
        theirs = {e for ids in other.events.get((table, row["id"]), {}).values() for e in ids}
        mine = copy.events.get((table, row["id"]), {})
        edits = {e for name, ids in mine.items() if name != "*" for e in ids} - theirs
        coded = []
        if table == "note":
            for seg in copy.rows["coded_segment"].values():
                if seg["source_kind"] != "note" or seg["source_id"] != row["id"]:
                    continue
                made = copy.events.get(("coded_segment", seg["id"]), {}).get("*", set())
                seen = other.events.get(("coded_segment", seg["id"]), {}).get("*", set())
                if made - seen and seg["deleted_at"] is None:
                    coded.append(seg)
        if not edits and not coded:
            return False
        kept = table == "note"
        work = []
        if edits:
            work.append("edited")
        if coded:
            work.append(f"coded ({len(coded)} new coded segment{'s' if len(coded) > 1 else ''})")
        if (table, row["id"]) not in {(i["table"], i["record"]) for i in self.items}:
            made = {e for seg in coded for e in copy.events[("coded_segment", seg["id"])]["*"]}
            by = _names([copy.audit[e] for e in edits | made if e in copy.audit])
            stands = "the deletion stands; the copy it was changed in still holds it"
            detail = (
                f"{' and '.join(work)} by {by} on one side, deleted on the other without "
                "seeing that; "
                + (
                    "the note is kept with its words and coding (delete it again if it should go)"
                    if kept
                    else stands
                )
            )
            changes = ""
            if table == "answer":
                events = sorted((copy.audit[e] for e in edits), key=lambda e: (e["at"], e["id"]))
                changes = f"{by} {_change_words(copy, other, table, row['id'], events)}"
            self.note(
                "deleted and edited",
                table,
                row["id"],
                interview=row.get("interview_id"),
                where=_interview_words(copy, row.get("interview_id")),
                words=_excerpt(row),
                **({"field": changes} if changes else {}),
                kept="the note, as edited" if kept else "the deletion",
                brief=(
                    f"{' and '.join(work)} by {by} on one side, deleted on the other: "
                    + ("kept (delete it again if it should go)" if kept else stands)
                ),
                other="the deletion" if kept else _excerpt(row),
                detail=detail,
            )
        if kept:
            self.tombstones.pop((table, row["id"]), None)
            self.revived.add(row["id"])
        return kept

    def combine(self, table: str, found: list) -> dict[str, Any]:
        """One record from the rows both sides hold for it (field by field)."""
        if table == LINK_TABLE:
            return dict(found[0][2])
        out = dict(found[0][2])
        out["created_at"] = min(r["created_at"] for _, _, r in found)
        out["modified_at"] = max(r["modified_at"] for _, _, r in found)
        columns = [c for c in out if c not in NOT_MERGED]
        grouped = {c for g in GROUPS.get(table, ()) for c in g}
        units = [g for g in GROUPS.get(table, ())] + [(c,) for c in columns if c not in grouped]
        for unit in units:
            values = [tuple(r[c] for c in unit) for _, _, r in found]
            if len({canonical(v) for v in values}) == 1:
                continue
            scored = []
            for (copy, original, row), value in zip(found, values, strict=True):
                when = max(_field_time(copy, table, original, c) for c in unit)
                scored.append((when, canonical(value), copy, original, row))
            best = max(scored, key=lambda s: (s[0], s[1]))
            for c, v in zip(unit, values[scored.index(best)], strict=True):
                out[c] = v
            if self.both_changed(table, found, unit):
                loser = min(scored, key=lambda s: (s[0], s[1]))
                self.note(
                    "conflict",
                    table,
                    out.get("id", ""),
                    field=_field_words(table, out, unit),
                    kept=_plain(unit, values[scored.index(best)]),
                    other=_plain(unit, values[scored.index(loser)]),
                    detail="changed on both sides; the newer change was kept",
                )
        return out

    def both_changed(self, table: str, found: list, unit: tuple[str, ...]) -> bool:
        seen = []
        for copy, original, _ in found:
            events = copy.events.get((table, original["id"]), {})
            seen.append(set().union(*(events.get(c, set()) for c in unit)))
        if not any(seen):
            return True  # no trail on either side (edits older than the trail): say so
        return all(mine - theirs for mine, theirs in ((seen[0], seen[1]), (seen[1], seen[0])))

    # what follows from the rows ---------------------------------------------------------
    def close_references(self, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
        """Drop what belongs to a missing row; clear a reference the schema sets to null."""
        changed = True
        dropped: set[tuple[str, str]] = set()
        while changed:
            changed = False
            for table in ORDER:
                for key, row in list(rows[table].items()):
                    for column, parent, ondelete in self.refs[table]:
                        value = row.get(column)
                        if value is None or value in rows[parent]:
                            continue
                        if ondelete == "SET NULL":
                            row[column] = None
                        else:
                            del rows[table][key]
                            changed = True
                            dropped.add((table, key))
                            if (parent, value) not in dropped and table in (
                                "interview",
                                "answer",
                                "note",
                                "coded_segment",
                            ):
                                words = row.get("body") or row.get("text") or ""
                                self.note(
                                    "removed with its parent",
                                    table,
                                    key,
                                    interview=row.get("interview_id"),
                                    words=_excerpt(row),
                                    # the words in full, kept in the report
                                    **({"other": words} if words else {}),
                                    detail=f"added on one side to a {parent.replace('_', ' ')} "
                                    "deleted on the other; removed with it",
                                )
                            break

    def place_notes(self, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
        """Two notes added at one place of an interview: the later one goes last."""
        by_interview: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows["note"].values():
            by_interview[row["interview_id"]].append(row)
        for notes in by_interview.values():
            used: set[int] = set()
            top = max(n["position"] for n in notes)
            for row in sorted(notes, key=lambda n: (n["position"], n["created_at"], n["id"])):
                if row["position"] in used:
                    top += 1
                    row["position"] = top
                used.add(row["position"])

    def follow_notes(self, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
        """Coded segments follow their notes' words; one whose text is gone goes to the trash."""
        seen: dict[tuple, str] = {}
        for row in sorted(rows["coded_segment"].values(), key=lambda r: r["id"]):
            if row["deleted_at"] is not None:
                continue
            source = rows["note" if row["source_kind"] == "note" else "answer"].get(
                row["source_id"]
            )
            if source is None:
                gone = self.tombstones.get(("note", row["source_id"])) or self.tombstones.get(
                    ("answer", row["source_id"])
                )
                row["deleted_at"] = gone[0] if gone else row["modified_at"]
                self.segment_lost(rows, row, f"its {row['source_kind']} was deleted")
                continue
            body = source["body"] if row["source_kind"] == "note" else (source["text"] or "")
            if body[row["start"] : row["end"]] != row["text"]:
                spots = _occurrences(body, row["text"])
                if not spots or not row["text"]:
                    row["deleted_at"] = source["modified_at"]
                    self.segment_lost(
                        rows,
                        row,
                        f"the other side's newer version of its {row['source_kind']} was kept "
                        "and no longer holds these words",
                    )
                    continue
                start = min(spots, key=lambda s: (abs(s - row["start"]), s))
                row["start"], row["end"] = start, start + len(row["text"])
            key = (
                row["code_id"],
                row["source_kind"],
                row["source_id"],
                row["start"],
                row["end"],
                row["coder"],
            )
            if key in seen:  # the same words coded alike by one coder on both sides: one
                del rows["coded_segment"][row["id"]]
            else:
                seen[key] = row["id"]

    def revive_segments(self, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
        """The coding of a note kept over its deletion comes back with it: a segment the
        deletion trashed that a copy holding the note still has in use."""
        for row in rows["coded_segment"].values():
            if row["source_kind"] != "note" or row["source_id"] not in self.revived:
                continue
            if row["source_id"] not in rows["note"]:
                continue
            live = [
                mine
                for copy in (self.a, self.b)
                if (mine := copy.rows["coded_segment"].get(row["id"])) is not None
                and mine["deleted_at"] is None
                and row["source_id"] in copy.rows["note"]
            ]
            if live:
                row["deleted_at"] = None
                row["modified_at"] = max(m["modified_at"] for m in live)

    def trashed_but_changed(self, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
        """A record moved to the trash on one side that the other side changed after the
        copies parted (the record itself, or what belongs to it: an interview's answers,
        corrections, notes and coded passages; a respondent's interviews).

        The deletion stands, as a field changed on one side only: the other side's work is
        not lost, it is kept with the record in the trash, where one step restores both.
        The line names the record, what was changed, by whom, who deleted it, and how to
        bring it back.  A respondent's line takes in what was changed in its interviews."""
        told: set[str] = set()  # event ids already named on a line
        index: dict[int, dict[str, list]] = {}
        for table in TRASHED:
            for key, row in rows[table].items():
                if row.get("deleted_at") is None:
                    continue
                for gone, kept in ((self.a, self.b), (self.b, self.a)):
                    mine, theirs = gone.rows[table].get(key), kept.rows[table].get(key)
                    if mine is None or theirs is None:
                        continue
                    if mine["deleted_at"] is None or theirs["deleted_at"] is not None:
                        continue
                    trashed = _unseen(gone, kept, [(table, key)], "deleted_at")
                    if not trashed:
                        continue  # the other side saw the deletion (and undid it since)
                    work = _unseen(kept, gone, _belonging(kept, table, key, index)) - told
                    if not work:
                        continue
                    told |= work
                    self.trash_line(table, row, gone, kept, trashed, work)

    def trash_line(
        self,
        table: str,
        row: dict[str, Any],
        gone: Copy,
        kept: Copy,
        trashed: set[str],
        work: set[str],
    ) -> None:
        events = sorted((kept.audit[e] for e in work), key=lambda e: (e["at"], e["id"]))
        changes = _change_words(kept, gone, table, row["id"], events)
        by = _names(events)
        deleter = _names([gone.audit[e] for e in trashed])
        name = {"coded_segment": "coded passage"}.get(table, table)
        self.items = [
            i for i in self.items if not (i["table"] == table and i["record"] == row["id"])
        ]
        self.note(
            "deleted and edited",
            table,
            row["id"],
            interview=row.get("interview_id") or (row["id"] if table == "interview" else None),
            words=_excerpt(row) if table == "coded_segment" else "",
            field=f"{by} {changes}",
            kept="the deletion (in the trash)",
            brief=f"{by} {changes}; moved to the trash by {deleter}, it stays there with "
            f"the {noun_of(len(events), 'change')}: Edit ▸ Trash restores it",
            other=f"{by}'s {noun_of(len(events), 'change')}",
            detail=(
                f"moved to the trash by {deleter} in one copy, changed by {by} in the other "
                "after the copies parted; the deletion stands and the "
                f"{noun_of(len(events), 'change')} went to the trash with the {name}: restore "
                f"it from the trash (Edit ▸ Trash, Enter) to bring {_them(len(events))} back"
            ),
        )

    def segment_lost(self, rows: dict, row: dict[str, Any], why: str) -> None:
        """A segment the merge sends to the trash: listed with its code and words, and no
        conflict line says it was kept."""
        self.items = [
            i
            for i in self.items
            if not (i["table"] == "coded_segment" and i["record"] == row["id"])
        ]
        mine = self.a.rows["coded_segment"].get(row["id"])
        if mine is not None and mine["deleted_at"] is not None:
            return  # already in the trash here: nothing new
        code = rows["code"].get(row["code_id"], {}).get("name", "a code since deleted")
        self.note(
            "segment lost",
            "coded_segment",
            row["id"],
            interview=row.get("interview_id"),
            words=_excerpt(row),
            field=f"code {code}",
            other=row["text"],
            detail=f"{why}; the coding was removed (its code and words are kept in this line)",
        )

    def same_name_respondents(self, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
        from workbench.team.merge_people import same_name_lines

        self.items += same_name_lines(self.a, self.b, rows)

    def run(self) -> Merged:
        self.natural_folds()
        self.answer_folds()
        rows = {table: self.rows_of(table) for table in ORDER}
        self.close_references(rows)
        self.place_notes(rows)
        self.revive_segments(rows)
        self.follow_notes(rows)
        self.trashed_but_changed(rows)
        self.same_name_respondents(rows)
        audit = {**self.a.audit, **self.b.audit}
        reports = {**self.a.reports, **self.b.reports}
        return Merged(rows, self.tombstones, audit, reports, self.items)


def merged(a: Copy, b: Copy, *, merge_codes: bool = False) -> Merged:
    for copy in (a, b):
        if not copy.times and copy.audit:
            copy.index_audit()
    return _Merge(a, b, merge_codes).run()


# Trashable records whose deletion a merge names when the other side changed them; a
# respondent first, so its line takes in what was changed in its interviews.
TRASHED = ("respondent", "interview", "coded_segment")
# What belongs to an interview: (table, column naming the interview).
OF_INTERVIEW = (("answer", "interview_id"), ("answer_change", "interview_id"),
                ("note", "interview_id"), ("coded_segment", "interview_id"))  # fmt: skip


def _belonging(
    copy: Copy, table: str, key: str, index: dict[int, dict[str, list]]
) -> list[tuple[str, str]]:
    """The record and what belongs to it in ``copy``, as (table, id).  ``index`` keeps each
    copy's rows by interview and interviews by respondent, worked out once per merge."""
    if id(copy) not in index:
        found: dict[str, list] = defaultdict(list)
        for i, r in copy.rows["interview"].items():
            found[r["respondent_id"]].append(("interview", i))
        for child, column in OF_INTERVIEW:
            for i, r in copy.rows[child].items():
                found[r[column]].append((child, i))
        index[id(copy)] = found
    by_parent = index[id(copy)]
    out = [(table, key)]
    interviews = []
    if table == "respondent":
        interviews = [i for _, i in by_parent.get(key, [])]
        out += [("interview", i) for i in interviews]
    elif table == "interview":
        interviews = [key]
    for iid in interviews:
        out += by_parent.get(iid, [])
    return out


def _unseen(copy: Copy, other: Copy, keys: list[tuple[str, str]], name: str = "") -> set[str]:
    """The trail's events of ``copy`` on ``keys`` (on the field ``name`` only, if given)
    that ``other`` never had: made after the copies parted."""
    out: set[str] = set()
    for key in keys:
        for field_name, ids in copy.events.get(key, {}).items():
            if not name or field_name == name:
                out |= ids
    return {e for e in out if e not in other.audit}


def _names(events: list[dict[str, Any]]) -> str:
    names = sorted({e["actor"] or "someone" for e in events})
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def noun_of(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


def _change_words(
    copy: Copy, other: Copy, table: str, key: str, events: list[dict[str, Any]]
) -> str:
    """What the events changed, in words: "corrected the answer to “…?” and added 1 note".

    An answer changed where ``copy`` holds a correction of it that ``other`` lacks was
    corrected (a correction's row writes no event of its own: the answer's event is it)."""
    from workbench.plural import plural
    from workbench.team.report import _question_labels

    answers = copy.rows["answer"]
    fixed = {
        (c["interview_id"], c["question_key"])
        for i, c in copy.rows["answer_change"].items()
        if i not in other.rows["answer_change"]
    }
    corrected: list[str] = []
    answered: list[str] = []
    own: list[str] = []
    rows: dict[tuple[str, str], set[str]] = defaultdict(set)  # (table, insert|update) -> ids
    for e in events:
        kind, row_id = e["table_name"], e["row_id"]
        if kind == "answer":
            cell = answers.get(row_id) or {}
            iv = copy.rows["interview"].get(cell.get("interview_id", ""), {})
            form = copy.rows["form_version"].get(iv.get("form_version_id", ""), {})
            asked = _question_labels(form).get(cell.get("question_key", ""))
            words = f"“{asked}”" if asked else (_cell(cell) or e.get("detail") or "a question")
            if (cell.get("interview_id"), cell.get("question_key")) in fixed:
                corrected.append(words)
            else:
                answered.append(words)
        elif (kind, row_id) == (table, key):
            own += [f for f in (e["fields"] or "").split(",") if f and f != "modified_at"]
        elif kind in ("note", "coded_segment", "interview"):
            rows[(kind, "insert" if e["action"] == "insert" else "update")].add(row_id)
    parts = []
    if corrected:
        parts.append(f"corrected the answer to {_listed(corrected)}")
    if answered:
        parts.append(f"changed the answer to {_listed(answered)}")
    for (kind, action), verb, word in (
        (("interview", "insert"), "added", "interview"),
        (("interview", "update"), "changed", "interview"),
        (("note", "insert"), "added", "note"),
        (("note", "update"), "edited", "note"),
        (("coded_segment", "insert"), "coded", "passage"),
        (("coded_segment", "update"), "changed", "coded passage"),
    ):
        n = len(rows[(kind, action)] - (rows[(kind, "insert")] if action == "update" else set()))
        if n:
            parts.append(f"{verb} {plural(n, word)}")
    if own:
        fields = [o.removesuffix("_id").replace("_", " ") for o in own]
        parts.append(f"changed its {_listed(fields)}")
    if not parts:
        return "changed it"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _interview_words(copy: Copy, iid: str | None) -> str:
    """An interview as the report names it (respondent: form, date), read in ``copy``: for
    a line whose interview the merge no longer holds."""
    iv = copy.rows["interview"].get(iid or "")
    if iv is None:
        return ""
    who = copy.rows["respondent"].get(iv["respondent_id"], {}).get("name", "?")
    form = copy.rows["form_version"].get(iv["form_version_id"], {}).get("title", "?")
    return f"{who}: {form}" + (f", {iv['date']}" if iv.get("date") else "")


def _cell(answer: dict[str, Any]) -> str:
    if not answer:
        return ""
    return answer["question_key"] + (f"[{answer['item']}]" if answer.get("item") else "")


def _listed(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    return ", ".join(unique)


def _union_tombstones(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, (when, survivor) in b.items():
        if key not in out:
            out[key] = (when, survivor)
        else:
            old_when, old_survivor = out[key]
            found = [s for s in (old_survivor, survivor) if s]
            out[key] = (min(old_when, when), min(found) if found else None)
    return out


def _row_time(copy: Copy, table: str, row: dict[str, Any]) -> datetime:
    times = copy.times.get((table, row["id"]))
    return max(times.values()) if times else row["modified_at"]


def _field_time(copy: Copy, table: str, row: dict[str, Any], column: str) -> datetime:
    times = copy.times.get((table, row["id"]))
    if not times:
        return row["modified_at"]
    return times.get(column) or times.get("*") or row["created_at"]


def _code_path(codes: dict[str, dict[str, Any]], row: dict[str, Any], fold: bool = True) -> str:
    names, seen = [], set()
    while row is not None and row["id"] not in seen:
        seen.add(row["id"])
        name = row["name"].strip()
        names.append(name.casefold() if fold else name)
        row = codes.get(row["parent_id"]) if row["parent_id"] else None
    return "/".join(reversed(names))


def _occurrences(body: str, text: str) -> list[int]:
    spots, at = [], body.find(text) if text else -1
    while at >= 0:
        spots.append(at)
        at = body.find(text, at + 1)
    return spots


def _excerpt(row: dict[str, Any], limit: int = 80) -> str:
    """The start of a record's text, for a report line."""
    for column in ("body", "text", "name", "title", "statement"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


def _plain(unit: tuple[str, ...], value: tuple) -> Any:
    if len(unit) == 1 or unit[0] == "value":  # an answer: its value says it all
        return value[0]
    return dict(zip(unit, value, strict=True))


def _field_words(table: str, row: dict[str, Any], unit: tuple[str, ...]) -> str:
    if table == "answer":  # an answer's field is its question
        return row["question_key"] + (f"[{row['item']}]" if row["item"] else "")
    return ", ".join(unit)
