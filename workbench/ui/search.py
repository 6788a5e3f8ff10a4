"""Global search (Ctrl+F / Ctrl+K): live results, the respondents the words find by name,
role, unit, segment or e-mail at the top (Enter shows the person on the Respondents
page), then the matches in the engagement's full-text index over notes and text answers
(Enter or double-click opens the interview at the match).  The list asks the Store for a
page of hits at a time (``PAGE``), the next one when it is scrolled or moved past its end
(Qt's canFetchMore / fetchMore), until a page comes back short.  The whole count of
matches is taken on the worker thread once the first page is on screen, and replaces the
"50+" of the line under the list."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workbench.plural import plural
from workbench.ui import style

HIT_ROLE = Qt.ItemDataRole.UserRole
SNIPPET_BATCH = 20
#: Hits asked of the Store at a time: the first query's page, then each further one.
PAGE = 50
#: The most people listed above the matches (the summary says how many more were found).
PEOPLE_SHOWN = 10
MARK = re.compile(r"\[\[(.*?)\]\]", re.S)


def interview_of(hit: Any) -> list[str]:
    """What tells the hit's interview from the respondent's others on the form: its wave
    and its date (``["re-audit", "12 Jun 2026"]``, "undated" without a date)."""
    parts = [hit.wave] if hit.wave else []
    try:
        day = date.fromisoformat(hit.date[:10])
    except (TypeError, ValueError):
        parts.append("undated")
    else:
        parts.append(f"{day.day} {day:%b %Y}")
    return parts


def snippet_html(snippet: str) -> str:
    """The snippet as HTML: everything escaped, the ``[[match]]`` parts in bold."""
    escaped = html.escape(snippet.replace("\n", " "))
    return escaped.replace("[[", "<b>").replace("]]", "</b>")


def fit_snippet(snippet: str, width: int, font: QFont) -> str:
    """``snippet`` on one line ``width`` pixels wide in ``font``, its first match in full:
    the words before the match are left out from the start ("…") until the match ends
    within the line; what follows it may run past the end."""
    flat = snippet.replace("\n", " ")
    first = flat.find("[[")
    close = flat.find("]]", first)
    if first < 0 or close < 0:
        return flat
    bold = QFont(font)
    bold.setBold(True)
    plain_width = QFontMetrics(font).horizontalAdvance
    term = QFontMetrics(bold).horizontalAdvance(flat[first + 2 : close])
    room = width - plain_width("M")  # a little air after the match
    before = flat[:first]
    if plain_width(before) + term <= room:
        return flat
    cut = 0
    while (space := before.find(" ", cut)) >= 0:
        cut = space + 1
        if plain_width("…" + before[cut:]) + term <= room:
            break
    else:
        cut = len(before)
    return "…" + before[cut:] + flat[first:]


def locate(snippet: str, text: str) -> tuple[int, int]:
    """(start, end) in ``text`` of the first match marked in ``snippet``."""
    marks = MARK.findall(snippet)
    if not marks:
        return (0, 0)
    term = marks[0]
    first = snippet.find("[[")
    before = MARK.sub(r"\1", snippet[:first]).lstrip("…")
    after = MARK.sub(r"\1", snippet[first:]).rstrip("…")
    plain = before + after
    at = text.find(plain) if plain.strip() else -1
    if at >= 0:
        start = at + len(before)
        return (start, start + len(term))
    at = text.lower().find(term.lower())
    return (at, at + len(term)) if at >= 0 else (0, 0)


def is_person(item: Any) -> bool:
    """Whether a row of the results is a respondent found (else a match in a text)."""
    return hasattr(item, "respondent_id")


class SearchModel(QAbstractListModel):
    """The people found (``people``, first) and the matches (``hits``), one row each."""

    #: Emitted after a further page of hits was fetched.
    grown = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.people: list[Any] = []
        self.hits: list[Any] = []
        self._source: tuple[Any, str] | None = None
        self.more = False  # whether the Store may have further hits

    def set_hits(
        self,
        hits: list[Any],
        store: Any = None,
        query: str = "",
        page: int = PAGE,
        people: list[Any] | None = None,
    ) -> None:
        """``store`` and ``query`` fill the hits that came without their snippet,
        respondent and form title, and fetch the further pages of ``page`` hits (there may
        be more while the last page asked for came back full).  ``people`` come first."""
        self.beginResetModel()
        self.people = list(people or [])
        self.hits = list(hits)
        self._source = (store, query) if store is not None else None
        self._page = page
        self.more = self._source is not None and len(self.hits) >= page
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        """The next page of hits from the Store, after those already listed."""
        if not self.canFetchMore(parent) or self._source is None:
            return
        store, query = self._source
        # the next page continues after the last entry listed (pages follow the index)
        last = max((h.entry for h in self.hits), default=0)
        page = store.search(query, limit=self._page, after=last)
        self.more = len(page) >= self._page
        if page:
            first = len(self.people) + len(self.hits)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.hits.extend(page)
            self.endInsertRows()
        self.grown.emit()

    def _hit(self, row: int) -> Any:
        """The person or hit at ``row``, a hit filled (with those of the next screenful)
        when it first comes into view."""
        if row < len(self.people):
            return self.people[row]
        row -= len(self.people)
        hit = self.hits[row]
        if hit.filled or not hit.entry or self._source is None:
            return hit
        store, query = self._source
        batch = [h for h in self.hits[row : row + SNIPPET_BATCH] if not h.filled]
        done = store.fill_hits(query, batch)
        for i in range(row, min(row + SNIPPET_BATCH, len(self.hits))):
            h = self.hits[i]
            if not h.filled and h.entry in done:
                self.hits[i] = done[h.entry]
        return self.hits[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people) + len(self.hits)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, HIT_ROLE):
            return None
        hit = self._hit(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if is_person(hit):
                return f"{hit.name} — {', '.join(person_details(hit))}"
            plain = MARK.sub(r"\1", hit.snippet)
            where = ", ".join(interview_of(hit))
            return f"{hit.respondent} — {hit.form_title} ({where}): {plain}"
        if role == HIT_ROLE:
            return hit
        return None


def person_details(person: Any) -> list[str]:
    """What tells a person found from another: role, unit, segment, e-mail and how many
    interviews they gave."""
    parts = [p for p in (person.role, person.org_unit, person.segment, person.email) if p]
    return [*parts, plural(person.interviews, "interview")]


class HitDelegate(QStyledItemDelegate):
    """Two lines: respondent · form · kind, then the snippet with the match in bold."""

    def _document(
        self, option: QStyleOptionViewItem, hit: Any, selected: bool, width: int
    ) -> QTextDocument:
        """The row's two lines ``width`` pixels wide: the snippet on one line that holds
        its first match whole (a wrapped second line of it was cut off by the row)."""
        text, muted = _colours(option, selected)
        kind = "note" if hit.kind == "note" else "answer"
        context = "".join(f" &nbsp;·&nbsp; {html.escape(p)}" for p in interview_of(hit))
        doc = QTextDocument()
        doc.setDefaultFont(option.font)  # type: ignore[attr-defined]
        doc.setDocumentMargin(2)
        doc.setHtml(
            f"<div style='color:{text}; white-space:nowrap'><b>{html.escape(hit.respondent)}</b>"
            f"<span style='color:{muted}'> &nbsp;·&nbsp; {html.escape(hit.form_title)}"
            f"{context} &nbsp;·&nbsp; {kind}</span></div>"
            f"<div style='color:{text}; white-space:nowrap'>"
            f"{snippet_html(fit_snippet(hit.snippet, width, option.font))}</div>"  # type: ignore[attr-defined]
        )
        doc.setTextWidth(width)
        return doc

    def _person(self, option: QStyleOptionViewItem, person: Any, selected: bool) -> QTextDocument:
        """A person's two lines: the name ("person" beside it), then who they are."""
        text, muted = _colours(option, selected)
        details = " &nbsp;·&nbsp; ".join(html.escape(p) for p in person_details(person))
        doc = QTextDocument()
        doc.setDefaultFont(option.font)  # type: ignore[attr-defined]
        doc.setDocumentMargin(2)
        doc.setHtml(
            f"<div style='color:{text}; white-space:nowrap'><b>{html.escape(person.name)}</b>"
            f"<span style='color:{muted}'> &nbsp;·&nbsp; person</span></div>"
            f"<div style='color:{text}; white-space:nowrap'>{details}</div>"
        )
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        hit = index.data(HIT_ROLE)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        opt.text = ""
        widget = opt.widget  # type: ignore[attr-defined]
        qstyle = widget.style() if widget else QApplication.style()
        qstyle.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(8, 5, -8, -5)  # type: ignore[attr-defined]
        if is_person(hit):
            doc = self._person(opt, hit, selected)
            doc.setTextWidth(rect.width())
        else:
            doc = self._document(opt, hit, selected, rect.width())
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        line = option.fontMetrics.lineSpacing()  # type: ignore[attr-defined]
        return QSize(400, 2 * line + 18)


class ResultsView(QListView):
    """The list of hits; moving past its last row (Down, PageDown, End) fetches the next
    page first, as scrolling to the end does."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        onward = (
            QAbstractItemView.CursorAction.MoveDown,
            QAbstractItemView.CursorAction.MoveNext,
            QAbstractItemView.CursorAction.MovePageDown,
            QAbstractItemView.CursorAction.MoveEnd,
        )
        target = super().moveCursor(cursorAction, modifiers)
        last = model.rowCount() - 1
        at_end = self.currentIndex().row() == last or target.row() == last
        if cursorAction in onward and at_end and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
            target = super().moveCursor(cursorAction, modifiers)
        return target


def summary_text(
    count: int,
    more: bool,
    people: int = 0,
    found: int | None = None,
    total: tuple[int, int] | None = None,
    on_person: bool = False,
) -> str:
    """The line under the results: the people listed (of ``found``), then the matches:
    their whole count and the interviews they are in once ``total`` is known, else how
    many are listed (``N+ … counting`` while the Store may have further ones); then what
    Enter does on the current row (``on_person``: a person's)."""
    parts = []
    if people:
        found = people if found is None else found
        parts.append(
            plural(found, "person")
            if found <= people
            else f"{people} of {plural(found, 'person')} listed (type more of the name)"
        )
    if total is not None and total[0]:
        parts.append(f"{plural(total[0], 'match')} in {plural(total[1], 'interview')}")
    elif count:
        parts.append(f"{count:,}+ matches, counting…" if more else plural(count, "match"))
    else:
        parts.append("no matches in notes or answers")
    if on_person:
        parts.append("Enter shows the person on the Respondents page, Shift+Enter their interviews")
    elif count:
        parts.append("Enter opens the interview at the match")
    return " · ".join(parts)


class SearchDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Find people, notes and answers")
        self.resize(720, 520)
        self.query = QLineEdit()
        self.query.setObjectName("searchBox")
        self.query.setPlaceholderText("Search people, notes and text answers…")
        self.query.setClearButtonEnabled(True)
        self.query.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.query.textChanged.connect(lambda: self._timer.start())
        self.query.returnPressed.connect(self.open_current)
        self.query.installEventFilter(self)
        self.model = SearchModel(self)
        self.model.grown.connect(self._show_summary)
        self.results = ResultsView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setAlternatingRowColors(True)
        self.results.selectionModel().currentChanged.connect(lambda *_: self._show_summary())
        self.results.installEventFilter(self)
        self.results.doubleClicked.connect(lambda idx: self.open_hit(idx.data(HIT_ROLE)))
        self.results.activated.connect(lambda idx: self.open_hit(idx.data(HIT_ROLE)))
        self.summary = style.muted(
            QLabel("Type to search every respondent, note and text answer.")
        )
        self.summary.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self._generation = 0
        self._counting: Any = None  # the count under way (its TaskState)
        self._total: tuple[int, int] | None = None  # matches and interviews, once counted
        self._found = 0  # the people the query found (PEOPLE_SHOWN of them listed)
        ctx.store_changed.connect(self._on_store_changed)

    def _on_store_changed(self, _store: Any) -> None:
        """Another file (or none): nothing of the last one stays, its count neither."""
        self._forget_count()
        self.query.clear()
        self._timer.stop()
        self.model.set_hits([])
        self.summary.setText("Type to search.")

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def run(self) -> list[Any]:
        """Search now (the live search calls this shortly after typing stops)."""
        from workbench.store.search_query import parse

        self._timer.stop()
        self._forget_count()
        text = self.query.text().strip()
        store = self.ctx.store
        searching = store is not None and bool(text)
        hits = store.search(text, limit=PAGE) if searching else []
        people, self._found = store.people_found(text, PEOPLE_SHOWN) if searching else ([], 0)
        self.model.set_hits(hits, store, text, people=people)
        if not self.model.more:  # every match is listed: their count is known
            self._total = (len(hits), len({h.interview_id for h in hits}))
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0, 0))
            self._show_summary()
        elif text and (problem := parse(text).problem):
            self.summary.setText(problem[0].upper() + problem[1:] + ".")
        else:
            self.summary.setText("No matches." if text else "Type to search.")
        if self.model.more:
            self._count(store, text)
        return hits

    def _forget_count(self) -> None:
        """The count of the last query is of no use any more (another query, or file)."""
        self._generation += 1
        self._total = None
        if self._counting is not None:
            self._counting.cancel()
            self._counting = None

    def _count(self, store: Any, text: str) -> None:
        """Count every match of ``text`` on the worker thread; the summary shows it unless
        another query (or file) came first."""
        generation = self._generation

        def work(state: Any) -> tuple[int, int]:
            state.check_cancelled()
            return store.count_matches(text)

        def done(total: tuple[int, int]) -> None:
            if generation == self._generation and self.ctx.store is store:
                self._counting = None
                self._total = total
                self._show_summary()

        def failed(_exc: BaseException) -> None:  # the listed matches stay, "N+" with them
            if generation == self._generation:
                self._counting = None

        self._counting = self.ctx.tasks.run(
            self, "Counting matches", work, done, on_error=failed, on_progress=lambda *_: None
        )

    def counting(self) -> bool:
        """Whether the whole count of the query's matches is still being taken."""
        return self._counting is not None

    def _show_summary(self) -> None:
        if not self.model.rowCount():
            return
        people = len(self.model.people)
        on_person = is_person(self.results.currentIndex().data(HIT_ROLE))
        self.summary.setText(
            summary_text(
                self.model.rowCount() - people,
                self.model.more,
                people,
                self._found,
                self._total,
                on_person,
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in (self.query, self.results) and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            shift = QKeyEvent(event).modifiers() & Qt.KeyboardModifier.ShiftModifier
            if shift and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current(interviews=True)
                return True
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                QApplication.sendEvent(self.results, event)
                return True
            ctrl = QKeyEvent(event).modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and key in (Qt.Key.Key_Home, Qt.Key.Key_End):
                # Home and End move in the typed words; with Ctrl, to the list's ends
                plain = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)
                QApplication.sendEvent(self.results, plain)
                return True
        return super().eventFilter(watched, event)

    def open_current(self, interviews: bool = False) -> None:
        """Open the current row (``interviews``: a person's interviews, Shift+Enter)."""
        if self._timer.isActive():
            self.run()
        index = self.results.currentIndex()
        if index.isValid():
            self.open_hit(index.data(HIT_ROLE), interviews)

    def open_hit(self, hit: Any, interviews: bool = False) -> None:
        """Open a match at its place in its interview; show a person on the Respondents
        page, or (``interviews``) list their interviews."""
        if hit is None:
            return
        if is_person(hit):
            self.hide()  # first: the keyboard goes to the page's table, not back here
            where = "interviews" if interviews else "person"
            self.ctx.open_respondent_requested.emit(hit.respondent_id, where)
            return
        try:
            _iid, text = self.ctx.store.source_text(hit.kind, hit.ref_id)
            start, end = locate(hit.snippet, text)
        except (KeyError, ValueError):
            start = end = 0
        self.ctx.open_interview_requested.emit(hit.interview_id, (hit.kind, hit.ref_id, start, end))
        self.hide()


def _colours(option: QStyleOptionViewItem, selected: bool) -> tuple[str, str]:
    """A row's text colour and its muted one (the same when the row is selected)."""
    pal = option.palette  # type: ignore[attr-defined]
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    text = pal.color(QPalette.ColorGroup.Active, role).name()
    return text, text if selected else pal.color(QPalette.ColorRole.PlaceholderText).name()
