"""``workbench search FILE QUERY``: what the window's search finds, on the command line.

First the respondents the query finds by name, role, unit, segment or e-mail, then how
many notes and text answers it finds (in how many interviews) and the best of them, each
with its respondent, form, wave, date and the words around the match.  The query reads as
the window's search box reads it (``workbench.store.search_query``).
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any, TextIO

from workbench.commands import Refused, open_engagement_for
from workbench.plural import plural

_MARK = re.compile(r"\[\[(.*?)\]\]", re.S)


def _interview(hit: Any) -> str:
    """The hit's interview: its form, wave and date."""
    where = ", ".join(p for p in (hit.wave, hit.date[:10] or "undated") if p)
    return f"{hit.form_title} ({where})"


def _search(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store.search_query import parse

    if args.limit < 0:
        raise Refused(f"--limit {args.limit}: give 0 or more matches to list")
    parsed = parse(args.query)
    if not parsed.match:
        raise Refused(f"search {args.query!r}: {parsed.problem or 'type a word to search for'}")
    with open_engagement_for(args.file, search=True) as store:
        people = store.find_people(args.query)
        total, interviews = store.count_matches(args.query)
        hits = store.search(args.query, limit=args.limit, snippets=args.limit) if args.limit else []
    if args.json:
        json.dump(
            {
                "query": args.query,
                "people": [p._asdict() for p in people],
                "matches": total,
                "interviews": interviews,
                "listed": [
                    {
                        "kind": h.kind,
                        "id": h.ref_id,
                        "interview_id": h.interview_id,
                        "respondent": h.respondent,
                        "form": h.form_title,
                        "wave": h.wave,
                        "date": h.date[:10],
                        "snippet": _MARK.sub(r"\1", h.snippet),
                    }
                    for h in hits
                ],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
        return 0
    print(f"{plural(len(people), 'person')} found", file=out)
    for p in people:
        about = " · ".join(x for x in (p.role, p.org_unit, p.segment, p.email) if x)
        print(f"  {p.name}{f' — {about}' if about else ''} · {plural(p.interviews, 'interview')}",
              file=out)
    listed = f"; the first {len(hits)} listed" if len(hits) < total else ""
    print(
        f"{plural(total, 'match', 'matches')} in notes and text answers of "
        f"{plural(interviews, 'interview')}{listed}",
        file=out,
    )
    for h in hits:
        snippet = _MARK.sub(r"«\1»", h.snippet.replace("\n", " "))
        print(f"  {h.respondent} — {_interview(h)}, {h.kind}: {snippet}", file=out)
    return 0


def register_search(sub: Any) -> None:
    p = sub.add_parser(
        "search",
        help="find respondents and notes and text answers, as the window's search does",
        description="Respondents found by name, role, unit, segment or e-mail, then the "
        'notes and text answers that hold the words. "quoted words" side by side, OR and '
        "NOT in capitals between words (-word leaves a word out too), a * after the start "
        "of a word; accents and case do not matter.",
    )
    p.add_argument("file")
    p.add_argument("query")
    p.add_argument(
        "--limit", type=int, default=20, help="how many matches to list, best first (default 20)"
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=_search)
