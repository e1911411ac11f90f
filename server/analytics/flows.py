"""Flows: a division × division matrix of value given, from the giver's division to the
receiver's, with totals per division and per kind of act."""

from dataclasses import dataclass, field

from sqlalchemy import select

from server.analytics.exchanges import division_flow_rows
from server.analytics.windows import Window
from server.divisions.models import Division
from server.extensions import db
from shared.analytics import ValueAct
from shared.trades import LeadOutcome, LegKind


@dataclass
class Flow:
    """What one division gave another (or itself) in a window."""

    uses: int = 0
    hours_saved: float = 0.0
    deals_influenced: int = 0
    accepted_answers: int = 0
    legs: dict = field(default_factory=lambda: {kind.value: 0 for kind in LegKind})
    leads: dict = field(default_factory=lambda: {outcome.value: 0 for outcome in LeadOutcome})

    @property
    def total(self) -> int:
        """Every act counted once: uses, accepted answers and kept promises."""
        return self.uses + self.accepted_answers + sum(self.legs.values())

    def add(
        self,
        *,
        act: str,
        leg_kind: str | None,
        lead_outcome: str | None,
        acts: int,
        hours_saved: float,
        deals_influenced: int,
    ) -> None:
        if act == ValueAct.USE:
            self.uses += acts
            self.hours_saved += hours_saved
            self.deals_influenced += deals_influenced
        elif act == ValueAct.ACCEPTED_ANSWER:
            self.accepted_answers += acts
        else:
            self.legs[leg_kind] += acts
            if lead_outcome is not None:
                self.leads[lead_outcome] += acts

    def merge(self, other: "Flow") -> None:
        self.uses += other.uses
        self.hours_saved += other.hours_saved
        self.deals_influenced += other.deals_influenced
        self.accepted_answers += other.accepted_answers
        for kind, count in other.legs.items():
            self.legs[kind] += count
        for outcome, count in other.leads.items():
            self.leads[outcome] += count

    def as_figures(self) -> dict:
        return {
            "uses": self.uses,
            "hours_saved": round(self.hours_saved, 2),
            "deals_influenced": self.deals_influenced,
            "accepted_answers": self.accepted_answers,
            "legs": dict(self.legs),
            "leads": dict(self.leads),
            "total": self.total,
        }


def divisions() -> list[Division]:
    """Every division, by name."""
    return list(db.session.execute(select(Division).order_by(Division.name, Division.id)).scalars())


def flow_matrix(window: Window) -> dict[tuple[int, int], Flow]:
    """Flows of `window` keyed by (giver division id, receiver division id); pairs without
    any act are absent."""
    matrix: dict[tuple[int, int], Flow] = {}
    for giver, receiver, act, leg_kind, lead_outcome, acts, hours, deals in division_flow_rows(window):
        matrix.setdefault((giver, receiver), Flow()).add(
            act=act,
            leg_kind=leg_kind,
            lead_outcome=lead_outcome,
            acts=int(acts),
            hours_saved=float(hours or 0),
            deals_influenced=int(deals or 0),
        )
    return matrix


def flows(window: Window) -> dict:
    """Every cell of the matrix (zeros included, so the heat map has no holes), each
    division's totals given and received (and how much of it crossed divisions), and the
    firm's totals per kind."""
    everyone = divisions()
    matrix = flow_matrix(window)
    firm = Flow()
    for flow in matrix.values():
        firm.merge(flow)
    cells = [
        {
            "from_division_id": giver.id,
            "to_division_id": receiver.id,
            "cross_division": giver.id != receiver.id,
            **matrix.get((giver.id, receiver.id), Flow()).as_figures(),
        }
        for giver in everyone
        for receiver in everyone
    ]

    def summed(division_id: int, *, side: str, across: bool) -> int:
        return sum(
            cell["total"] for cell in cells if cell[side] == division_id and (cell["cross_division"] or not across)
        )

    return {
        "divisions": everyone,
        "cells": cells,
        "division_totals": [
            {
                "division_id": division.id,
                "given": summed(division.id, side="from_division_id", across=False),
                "received": summed(division.id, side="to_division_id", across=False),
                "given_across": summed(division.id, side="from_division_id", across=True),
                "received_across": summed(division.id, side="to_division_id", across=True),
            }
            for division in everyone
        ],
        "totals": {**firm.as_figures(), "across": sum(cell["total"] for cell in cells if cell["cross_division"])},
    }
