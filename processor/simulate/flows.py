"""Call flows of a municipality's phones: direct extensions, ring groups, forwards, voicemail.

Each flow takes the random stream and returns the legs (entry leg first) and what happened in
the end (``Decision``). Answer chances come from the profile and are zero outside the
department's office hours and for a department in outage. Short abandons last less than the
directory's ``short_abandon_seconds``; long abandons at least one second more.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from processor.directory import Directory
from processor.simulate.model import GAVE_UP, Decision, SimLeg
from processor.simulate.profile import Department, Profile

P_SHORT = 0.04  # the caller hangs up within seconds
P_BUSY = 0.04  # a direct extension is busy
P_LONG_ABANDON = 0.2  # of calls nobody picks up: the caller hangs up while it rings
RING_OUT = 20  # seconds before a no-answer forward
GROUP_RING_OUT = 25
FORWARD = (("colleague", 0.45), ("kcc", 0.25), ("voicemail", 0.2), ("none", 0.1))
VOICEMAIL_AFTER_HOP = 0.6

Flow = tuple[list[SimLeg], Decision]
GIVE_UP = Decision(GAVE_UP)


@dataclass(frozen=True, slots=True)
class Context:
    rng: random.Random
    directory: Directory
    profile: Profile
    start: int
    open: bool  # the called department is open at the call start

    def picks_up(self, department: Department, *, open_: bool | None = None) -> bool:
        is_open = self.open if open_ is None else open_
        return (
            is_open and self.profile.answers(department) and self.rng.random() < department.answer_p
        )

    def short(self) -> int | None:
        """A short-abandon duration in whole seconds, if the threshold leaves room for one."""
        longest = math.ceil(self.directory.short_abandon_seconds) - 1
        return self.rng.randint(1, longest) if longest >= 1 else None

    def long(self, upto: int) -> int | None:
        """A hang-up time that is not a short abandon, at most ``upto`` seconds."""
        shortest = math.floor(self.directory.short_abandon_seconds) + 1
        return self.rng.randint(shortest, upto) if shortest <= upto else None


def answered(ctx: Context, target: str, at: int, *, via_local: bool = False) -> SimLeg:
    delay = ctx.rng.randint(3, 18)
    talk = ctx.rng.randint(30, 420)
    return SimLeg(target, at, at + delay + talk, "answered", at + delay, via_local=via_local)


def voicemail(ctx: Context, at: int) -> SimLeg:
    assert ctx.profile.voicemail is not None
    message = ctx.rng.randint(8, 60)
    return SimLeg(ctx.profile.voicemail, at, at + 1 + message, "voicemail", at + 1, "VoiceMail")


def ring_out(
    ctx: Context, targets: list[str], at: int, ring: int, *, via_local: bool = False
) -> tuple[list[SimLeg], bool]:
    """Nobody picks up: every target rings ``ring`` s, unless the caller hangs up first (True)."""
    hang_up = ctx.long(ring - 1) if ctx.rng.random() < P_LONG_ABANDON else None
    end, disposition = (at + ring, "no_answer") if hang_up is None else (at + hang_up, "cancelled")
    legs = [SimLeg(t, at, end, disposition, via_local=via_local) for t in targets]
    return legs, hang_up is not None


def direct(ctx: Context, department: Department, extension: str) -> Flow:
    rng, at = ctx.rng, ctx.start
    roll = rng.random()
    short = ctx.short()
    if roll < P_SHORT and short is not None:
        return [SimLeg(extension, at, at + short, "cancelled")], GIVE_UP
    if roll < P_SHORT + P_BUSY:
        busy = SimLeg(extension, at, at + 1, "busy")
        if ctx.profile.voicemail and rng.random() < 0.5:
            return [busy, voicemail(ctx, at + 1)], Decision("voicemail")
        return [busy], GIVE_UP
    if ctx.picks_up(department):
        return [answered(ctx, extension, at)], Decision("answered", extension)
    legs, hung_up = ring_out(ctx, [extension], at, RING_OUT)
    if hung_up:
        return legs, GIVE_UP
    return forward(ctx, department, legs, at + RING_OUT, exclude=extension)


def ring_group(ctx: Context, department: Department, number: str) -> Flow:
    """The department's number rings 2 to 4 phones at once; at most one picks up."""
    rng, at = ctx.rng, ctx.start
    members = rng.sample(department.staff, min(len(department.staff), rng.randint(2, 4)))
    short = ctx.short()
    if rng.random() < P_SHORT and short is not None:
        return [SimLeg(m, at, at + short, "cancelled") for m in members], GIVE_UP
    if ctx.picks_up(department):
        who = rng.choice(members)
        leg = answered(ctx, who, at)
        assert leg.answer_at is not None
        others = [SimLeg(m, at, leg.answer_at, "cancelled") for m in members if m != who]
        return [leg, *others], Decision("answered", who)
    legs, hung_up = ring_out(ctx, members, at, GROUP_RING_OUT)
    if hung_up:
        return legs, GIVE_UP
    return forward(ctx, department, legs, at + GROUP_RING_OUT, exclude=None, colleague=False)


def forward(
    ctx: Context,
    department: Department,
    legs: list[SimLeg],
    at: int,
    *,
    exclude: str | None,
    colleague: bool = True,
) -> Flow:
    """After a ring-out: forward to a colleague, to the KCC or to voicemail, or nothing."""
    rng, profile = ctx.rng, ctx.profile
    kcc = profile.kcc
    kcc_open = kcc is not None and ctx.directory.is_open(kcc.id, datetime.fromtimestamp(at, UTC))
    choices = {
        "colleague": colleague and len(department.staff) > 1,
        "kcc": kcc is not None
        and kcc.id != department.id
        and bool(kcc.staff)
        and profile.answers(department)
        and kcc_open,
        "voicemail": profile.voicemail is not None,
        "none": True,
    }
    options = [(name, weight) for name, weight in FORWARD if choices[name]]
    choice = rng.choices([n for n, _ in options], [w for _, w in options])[0]
    if choice == "voicemail":
        return [*legs, voicemail(ctx, at)], Decision("voicemail")
    if choice == "none":
        return legs, GIVE_UP
    if choice == "kcc" and kcc is not None:
        hop_department, is_open = kcc, kcc_open
    else:
        hop_department, is_open = department, ctx.open
    target = rng.choice([s for s in hop_department.staff if s != exclude])
    if ctx.picks_up(hop_department, open_=is_open):
        return [*legs, answered(ctx, target, at, via_local=True)], Decision("answered", target)
    hop, hung_up = ring_out(ctx, [target], at, RING_OUT, via_local=True)
    legs = [*legs, *hop]
    if not hung_up and profile.voicemail is not None and rng.random() < VOICEMAIL_AFTER_HOP:
        return [*legs, voicemail(ctx, at + RING_OUT)], Decision("voicemail")
    return legs, GIVE_UP
