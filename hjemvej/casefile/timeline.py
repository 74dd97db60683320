"""The citizen's timeline: situations, stays, support and contacts on one time axis, as SVG.

Temporary § 107 botilbud stays and risks of homelessness have lanes of their own, drawn only when
the citizen has one the user may see (the page passes them through ``botilbud_for`` and
``Action.VIEW_AT_RISK``, as it shows courses and risks).

``build_timeline`` turns the rows into plain events (also listed in a table for screen readers and
keyboard users); ``render_svg`` draws them server-side, so the chart needs no script and can go into
exports. Colours come from ``static/hjemvej/timeline.css``; every bar also carries a text label or a
tooltip, so no fact is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hjemvej.citizens.models import HomelessnessSituation, RiskOfHomelessness
from hjemvej.core.formatting import MONTHS_AXIS, period_text
from hjemvej.rules.dates import month_start_plus
from hjemvej.shelters.models import Stay
from hjemvej.support.models import BotilbudStay, Contact, SupportCourse

SITUATION_SHORT = {
    "street": "Gade",
    "night_shelter": "Natvarme",
    "shelter": "Boform",
    "hotel": "Hotel",
    "sofa": "Sofa",
    "transitional": "Udslusning",
    "prison_release": "Løsladelse",
    "hospital_discharge": "Udskrivning",
    "other": "Andet",
}
RISK_SHORT = {
    "eviction": "Udsættelse",
    "prison_release": "Løsladelse",
    "hospital_discharge": "Udskrivning",
    "leaving_care": "Fylder 18",
    "other": "Andet",
}
LANES = (
    ("risk", "Risiko"),
    ("situation", "Situation"),
    ("stay", "Ophold"),
    ("botilbud", "Botilbud"),
    ("course", "Støtte"),
    ("contact", "Kontakter"),
)
#: The lanes drawn only when they hold an event (not every user may see them; few citizens have
#: them).
OPTIONAL_LANES = frozenset({"risk", "botilbud"})
#: Each lane's events in words, singular and plural, for the chart's description.
LANE_WORDS = {
    "risk": ("risiko for hjemløshed", "risici for hjemløshed"),
    "situation": ("situation", "situationer"),
    "stay": ("ophold", "ophold"),
    "botilbud": (
        "ophold i midlertidigt botilbud (§ 107)",
        "ophold i midlertidigt botilbud (§ 107)",
    ),
    "course": ("støtteforløb", "støtteforløb"),
    "contact": ("kontakt", "kontakter"),
}

# Drawing sizes (user units of the viewBox).
WIDTH = 960
GUTTER = 96  # lane labels on the left
RIGHT = 12
AXIS = 40  # years and months above the lanes
ROW = 24  # one bar row
ROW_GAP = 4
LANE_GAP = 12
CHAR = 6.4  # the width of one character of a bar label, roughly, at the CSS font size


@dataclass(frozen=True)
class Event:
    """One fact on the timeline: a period ``[start, end)`` (``end`` None while open) or a mark."""

    lane: str  # risk | situation | stay | botilbud | course | contact
    kind: str  # a CSS-safe code: the situation, course, contact or risk kind; "botilbud"
    label: str  # short, drawn on the bar
    description: str  # full, for the tooltip and the table
    start: date
    end: date | None = None
    open: bool = False  # still running: drawn up to today
    external: bool = False  # a stay at a shelter outside the acting municipality
    mark: bool = False  # a single date (a contact)
    discharged: date | None = None  # a stay's discharge date: the day the citizen left

    @property
    def when(self) -> str:
        """Return the event's dates in Danish (the tooltip): docs/rules.md, Dates on pages."""
        return _period_text(self)

    @property
    def until(self) -> str:
        """Return the table's "Til og med": the last day, and for a stay the discharge date."""
        if self.mark:
            return "–"
        last = self.last_day
        if self.open or last is None:
            return "igangværende"
        if self.lane == "stay" and self.discharged is not None:
            if self.discharged == self.start:
                return f"{last:%d.%m.%Y} (udskrevet samme dag)"
            return f"{last:%d.%m.%Y} (sidste nat; udskrevet {self.discharged:%d.%m.%Y})"
        return f"{last:%d.%m.%Y}"

    @property
    def lane_label(self) -> str:
        """Return the Danish name of the event's lane."""
        return dict(LANES)[self.lane]

    @property
    def last_day(self) -> date | None:
        """Return the last day of a closed period (closed-open end minus one), for display."""
        if self.end is None or self.mark:
            return None
        return max(self.start, self.end - timedelta(days=1))


@dataclass
class Timeline:
    """The events on one axis from ``start`` to ``end`` (closed-open), with today marked."""

    events: list[Event]
    start: date
    end: date
    today: date
    title: str
    rows: dict[str, list[list[Event]]] = field(default_factory=dict)

    @property
    def table_events(self) -> list[Event]:
        """Return the events in date order, for the table below the chart."""
        order = {lane: i for i, (lane, _) in enumerate(LANES)}
        return sorted(self.events, key=lambda e: (e.start, order[e.lane], e.end or self.today))

    def counts(self) -> dict[str, int]:
        """Return how many events each lane holds."""
        return {lane: sum(1 for e in self.events if e.lane == lane) for lane, _ in LANES}

    @property
    def lanes(self) -> list[tuple[str, str]]:
        """Return the lanes drawn: every lane but an optional one without events."""
        counts = self.counts()
        return [
            (lane, label) for lane, label in LANES if lane not in OPTIONAL_LANES or counts[lane]
        ]

    @property
    def lanes_text(self) -> str:
        """Return what the drawn lanes hold, in Danish: situationer, ophold, … og kontakter."""
        names = [LANE_WORDS[lane][1] for lane, _ in self.lanes]
        return _and(names)


def _and(parts: Sequence[str]) -> str:
    """Return the parts as a Danish list: a, b og c."""
    return " og ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


def build_timeline(
    *,
    title: str,
    today: date,
    situations: Sequence[HomelessnessSituation],
    stays: Sequence[Stay],
    courses: Sequence[SupportCourse],
    contacts: Sequence[Contact],
    external_stays: frozenset[int] = frozenset(),
    botilbud: Sequence[BotilbudStay] = (),
    risks: Sequence[RiskOfHomelessness] = (),
) -> Timeline:
    """Return the timeline of the citizen's rows (stays need ``shelter`` loaded).

    ``external_stays`` are the ids of the stays at a shelter outside the municipality that was
    acting municipality when the citizen was admitted (``casefile.page``'s ``StayLine.external``).
    ``botilbud`` (§ 107 stays) and ``risks`` are only those the user may see: the caller scopes
    them.
    """
    events: list[Event] = []
    for situation in situations:
        name = situation.get_situation_display()
        events.append(
            Event(
                lane="situation",
                kind=situation.situation,
                label=SITUATION_SHORT.get(situation.situation, name),
                description=f"Situation: {name}",
                start=situation.start,
                end=situation.end,
                open=situation.end is None,
            )
        )
    for stay in stays:
        external = stay.pk in external_stays
        suffix = " (ekstern boform)" if external else ""
        end = stay.discharged
        if end is not None and end == stay.admitted:
            end = end + timedelta(days=1)  # a same-day stay occupies its one night
        events.append(
            Event(
                lane="stay",
                kind="external" if external else "stay",
                label=str(stay.shelter),
                description=f"Ophold på {stay.shelter}{suffix}",
                start=stay.admitted,
                end=end,
                open=stay.discharged is None,
                external=external,
                discharged=stay.discharged,
            )
        )
    for course in courses:
        kind = course.get_kind_display()
        worker = f" ({course.worker})" if course.worker_id and course.worker else ""
        events.append(
            Event(
                lane="course",
                kind=course.kind,
                label=kind.split(" (")[0],
                description=f"Støtteforløb: {kind}{worker}",
                start=course.start,
                end=course.end,
                open=course.end is None,
            )
        )
    for botilbud_stay in botilbud:
        events.append(
            Event(
                lane="botilbud",
                kind="botilbud",
                label=botilbud_stay.provider,
                description=(
                    f"Midlertidigt botilbud (§ 107): {botilbud_stay.provider}, "
                    f"afgørelse {botilbud_stay.decided_on:%d.%m.%Y}"
                ),
                start=botilbud_stay.start,
                end=botilbud_stay.end,
                open=botilbud_stay.end is None,
            )
        )
    for risk in risks:
        events.append(_risk_event(risk))
    for contact in contacts:
        kind = contact.get_kind_display()
        whom = f" med {contact.with_whom}" if contact.with_whom else ""
        events.append(
            Event(
                lane="contact",
                kind=contact.kind,
                label=kind,
                description=f"Kontakt: {kind}{whom}",
                start=contact.date,
                mark=True,
            )
        )
    first = min((e.start for e in events), default=today)
    last = max([today, *(e.end for e in events if e.end is not None)])
    start = date(first.year, first.month, 1)
    end = month_start_plus(last, 1)
    if (end - start).days < 180:  # a short history still gets a readable axis
        start = month_start_plus(end, -6)
    timeline = Timeline(events=events, start=start, end=end, today=today, title=title)
    timeline.rows = {lane: _pack(e for e in events if e.lane == lane) for lane, _ in LANES}
    return timeline


def _risk_event(risk: RiskOfHomelessness) -> Event:
    """Return a risk ``[noted_on, ended_on)`` with its kind, expected day and outcome."""
    kind = risk.get_kind_display()
    expected = f" (forventet {risk.expected_on:%d.%m.%Y})" if risk.expected_on else ""
    outcome = f"; udfald: {risk.get_outcome_display()}" if risk.ended_on and risk.outcome else ""
    return Event(
        lane="risk",
        kind=risk.kind,
        label=RISK_SHORT.get(risk.kind, kind),
        description=f"Risiko for hjemløshed: {kind}{expected}{outcome}",
        start=risk.noted_on,
        end=risk.ended_on,
        open=risk.ended_on is None,
    )


def _pack(events: Iterable[Event]) -> list[list[Event]]:
    """Put events in rows so that no two in a row overlap (first fit, by start date)."""
    rows: list[list[Event]] = []
    ends: list[date] = []
    for event in sorted(events, key=lambda e: (e.start, e.end or date.max)):
        if event.mark:
            if not rows:
                rows.append([])
                ends.append(date.min)
            rows[0].append(event)
            continue
        finish = event.end or date.max
        for index, row_end in enumerate(ends):
            if row_end <= event.start:
                rows[index].append(event)
                ends[index] = finish
                break
        else:
            rows.append([event])
            ends.append(finish)
    return rows


# --- Drawing --------------------------------------------------------------------------------


class _Scale:
    def __init__(self, start: date, end: date) -> None:
        self.start = start
        self.span = max((end - start).days, 1)
        self.width = WIDTH - GUTTER - RIGHT

    def x(self, day: date) -> float:
        return GUTTER + (day - self.start).days / self.span * self.width


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fit(text: str, width: float) -> str:
    """Return the label cut to the width of the bar, or '' when not even a letter fits."""
    room = int((width - 8) // CHAR)
    if room < 2:
        return ""
    if len(text) <= room:
        return text
    return text[: room - 1] + "…"


def _period_text(event: Event) -> str:
    """Return a period as its first and last day; a stay by its dates and its last night."""
    if event.mark:
        return f"{event.start:%d.%m.%Y}"
    if event.lane == "stay":
        admitted = f"indskrevet {event.start:%d.%m.%Y}"
        if event.discharged is None:
            return f"{admitted}, igangværende"
        if event.discharged == event.start:
            return f"{admitted}, udskrevet samme dag"
        last_night = event.discharged - timedelta(days=1)
        return (
            f"{admitted}, udskrevet {event.discharged:%d.%m.%Y} (sidste nat {last_night:%d.%m.%Y})"
        )
    if event.open or event.end is None:
        return f"fra {event.start:%d.%m.%Y}, igangværende"
    return period_text(event.start, max(event.end, event.start + timedelta(days=1)))


def describe(timeline: Timeline) -> str:
    """Return the one-paragraph Danish summary of the chart (its ``<desc>``)."""
    counts = timeline.counts()
    last = timeline.end - timedelta(days=1)
    parts = []
    for lane, _ in timeline.lanes:
        one, many = LANE_WORDS[lane]
        # The four lanes every timeline has keep their plural (0 situationer); the others are
        # named only when they hold events.
        word = one if counts[lane] == 1 and lane in OPTIONAL_LANES else many
        parts.append(f"{counts[lane]} {word}")
    return (
        f"Tidsakse fra {timeline.start:%d.%m.%Y} til {last:%d.%m.%Y}: {_and(parts)}. "
        "De samme oplysninger står i tabellen under tidslinjen."
    )


def render_svg(timeline: Timeline, *, element_id: str = "tidslinje") -> SafeString:
    """Return the timeline as an accessible inline SVG (role img, title and desc)."""
    scale = _Scale(timeline.start, timeline.end)
    parts: list[str] = []
    y: float = AXIS
    lane_tops: list[tuple[str, str, float, float]] = []
    for lane, label in timeline.lanes:
        rows = timeline.rows.get(lane) or [[]]
        height = len(rows) * ROW + (len(rows) - 1) * ROW_GAP
        lane_tops.append((lane, label, y, height))
        y += height + LANE_GAP
    bottom = y - LANE_GAP + 4
    total_height = bottom + 18  # room for the "I dag" label under the lanes

    parts.append(_axis(timeline, scale, bottom))
    for lane, lane_name, top, lane_height in lane_tops:
        parts.append(
            f'<rect class="tl-lane" x="{GUTTER}" y="{_num(top - 2)}" '
            f'width="{_num(scale.width)}" height="{_num(lane_height + 4)}"/>'
            f'<text class="tl-lane-label" x="{GUTTER - 8}" y="{_num(top + ROW / 2 + 4)}" '
            f'text-anchor="end">{escape(lane_name)}</text>'
        )
        for row_index, row in enumerate(timeline.rows.get(lane, [])):
            row_top = top + row_index * (ROW + ROW_GAP)
            for event in row:
                parts.append(_event(event, scale, row_top, timeline))
    today_x = scale.x(timeline.today)
    parts.append(
        f'<g class="tl-today"><line x1="{_num(today_x)}" y1="{AXIS - 6}" x2="{_num(today_x)}" '
        f'y2="{_num(bottom + 4)}"/><text x="{_num(today_x)}" y="{_num(bottom + 15)}" '
        f'text-anchor="end">I dag</text></g>'
    )
    title_id, desc_id = f"{element_id}-titel", f"{element_id}-beskrivelse"
    return mark_safe(  # noqa: S308 — every text and attribute above is escaped or a number
        f'<svg id="{escape(element_id)}" class="tl" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {_num(total_height)}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(timeline.title)}</title>'
        f'<desc id="{desc_id}">{escape(describe(timeline))}</desc>' + "".join(parts) + "</svg>"
    )


def _axis(timeline: Timeline, scale: _Scale, bottom: float) -> str:
    """Draw year lines with labels, and month ticks (labelled when there is room)."""
    parts = ['<g class="tl-axis" aria-hidden="true">']
    months = (
        (timeline.end.year - timeline.start.year) * 12 + timeline.end.month - timeline.start.month
    )
    month_width = scale.width / max(months, 1)
    step = 1 if month_width >= 6 else 3
    label_months = month_width >= 26
    day = timeline.start
    while day <= timeline.end:
        x = _num(scale.x(day))
        if day.month == 1 or day == timeline.start:
            parts.append(
                f'<line class="tl-year" x1="{x}" y1="4" x2="{x}" y2="{_num(bottom)}"/>'
                f'<text class="tl-year-label" x="{_num(scale.x(day) + 3)}" y="14">{day.year}</text>'
            )
        elif (day.month - 1) % step == 0:
            parts.append(
                f'<line class="tl-month" x1="{x}" y1="{AXIS - 12}" x2="{x}" y2="{AXIS - 4}"/>'
            )
        if label_months and day < timeline.end:
            parts.append(
                f'<text class="tl-month-label" x="{_num(scale.x(day) + 2)}" '
                f'y="{AXIS - 14}">{MONTHS_AXIS[day.month - 1]}</text>'
            )
        day = month_start_plus(day, 1)
    parts.append("</g>")
    return "".join(parts)


def _event(event: Event, scale: _Scale, top: float, timeline: Timeline) -> str:
    tooltip = escape(f"{event.description}, {event.when}")
    if event.mark:
        cx, cy = scale.x(event.start), top + ROW / 2
        r = 5
        corners = ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy))
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in corners)
        return (
            f'<g class="tl-event tl-contact tl-contact-{escape(event.kind)}">'
            f'<title>{tooltip}</title><polygon points="{points}"/></g>'
        )
    end = event.end if event.end is not None else timeline.today
    end = max(end, event.start + timedelta(days=1))
    x1, x2 = scale.x(event.start), scale.x(min(end, timeline.end))
    width = max(x2 - x1, 2.0)
    classes = f"tl-event tl-{event.lane} tl-{event.lane}-{escape(event.kind)}"
    if event.open:
        classes += " tl-open"
    if event.external:
        classes += " tl-external"
    label = _fit(event.label, width)
    baseline = _num(top + ROW / 2 + 4)
    text = (
        f'<text class="tl-label" x="{_num(x1 + 4)}" y="{baseline}">{escape(label)}</text>'
        if label
        else ""
    )
    return (
        f'<g class="{classes}"><title>{tooltip}</title>'
        f'<rect x="{_num(x1)}" y="{_num(top)}" width="{_num(width)}" height="{ROW}" rx="3"/>'
        f"{text}</g>"
    )


def event_period_text(event: Event) -> str:
    """Return the event's dates as the tooltip shows them."""
    return _period_text(event)
