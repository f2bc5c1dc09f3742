"""The 14 070 queue: the caller waits in the queue while agents ring in rounds (ring-all).

Legs: one for the queue itself (target 14070, the entry leg; it never counts as a person
answering) and one per agent per round. In the answering round one agent picks up and the
other phones of that round are cancelled at that moment. A caller nobody helps hangs up after
a while; outside office hours the caller hears the closed message and hangs up.
"""

from __future__ import annotations

from processor.simulate.flows import GIVE_UP, Context, Flow
from processor.simulate.model import Decision, SimLeg
from processor.simulate.profile import Department

P_SHORT = 0.03
ROUND = 15  # seconds each round rings
FIRST_ROUND_AFTER = 2
ROUNDS_BEFORE_ANSWER = (0.7, 0.2, 0.1)  # chance that 0, 1, 2 rounds ring out first
LONGEST_WAIT = 150


def queue_call(ctx: Context, kcc: Department, number: str) -> Flow:
    rng, at = ctx.rng, ctx.start
    short = ctx.short()
    if rng.random() < P_SHORT and short is not None:
        return [SimLeg(number, at, at + short, "cancelled", app="Queue")], GIVE_UP
    if not ctx.open or not kcc.staff:
        waited = rng.randint(2, 40)  # the closed message, then the caller hangs up
        return [SimLeg(number, at, at + waited, "cancelled", app="Queue")], GIVE_UP

    legs: list[SimLeg] = []
    if ctx.picks_up(kcc):
        rounds = rng.choices(range(len(ROUNDS_BEFORE_ANSWER)), ROUNDS_BEFORE_ANSWER)[0]
        for index in range(rounds):
            legs += _round(ctx, kcc, at + FIRST_ROUND_AFTER + index * ROUND, None)
        begin = at + FIRST_ROUND_AFTER + rounds * ROUND
        picked = begin + rng.randint(2, ROUND - 3)
        agents = _agents(ctx, kcc)
        who = agents[0]
        talk = rng.randint(40, 480)
        legs.append(SimLeg(who, begin, picked + talk, "answered", picked, app="Queue"))
        legs += [SimLeg(a, begin, picked, "cancelled", app="Queue") for a in agents[1:]]
        waiting = SimLeg(number, at, picked, "no_answer", app="Queue")
        return [waiting, *legs], Decision("answered", who)

    gives_up = at + (ctx.long(LONGEST_WAIT) or LONGEST_WAIT)
    begin = at + FIRST_ROUND_AFTER
    while begin < gives_up:
        legs += _round(ctx, kcc, begin, gives_up)
        begin += ROUND
    waiting = SimLeg(number, at, gives_up, "cancelled", app="Queue")
    return [waiting, *legs], GIVE_UP


def _agents(ctx: Context, kcc: Department) -> list[str]:
    return ctx.rng.sample(kcc.staff, min(len(kcc.staff), ctx.rng.randint(2, 3)))


def _round(ctx: Context, kcc: Department, begin: int, hang_up: int | None) -> list[SimLeg]:
    """One round nobody picks up; ``hang_up`` cuts it short when the caller leaves."""
    end = begin + ROUND
    if hang_up is not None and hang_up < end:
        return [SimLeg(a, begin, hang_up, "cancelled", app="Queue") for a in _agents(ctx, kcc)]
    return [SimLeg(a, begin, end, "no_answer", app="Queue") for a in _agents(ctx, kcc)]
