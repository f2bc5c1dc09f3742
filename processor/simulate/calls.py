"""One simulated call from a start time: inbound (queue, ring group, direct), internal, outbound.

Mix: about 82% inbound from residents (fake mobile numbers +316...), 10% internal between two
employees, 8% outbound. Inbound calls pick a department by its share of the volume (KCC about
45%); KCC calls mostly come through the 14 070 queue, other departments' through their number
(a ring group) or a direct extension.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from processor.directory import Directory
from processor.simulate.flows import GIVE_UP, Context, Flow, answered, direct, ring_group, ring_out
from processor.simulate.flows import voicemail as voicemail_leg
from processor.simulate.model import Decision, SimCall, SimLeg
from processor.simulate.profile import Department, Profile
from processor.simulate.queue import queue_call

P_INTERNAL = 0.10
P_OUTBOUND = 0.08
P_QUEUE = 0.85  # KCC calls through the 14 070 queue (the rest to an agent's extension)
P_NUMBER = 0.55  # calls to a department's number (a ring group) rather than an extension
P_INTERNAL_ANSWER = 0.8
P_INTERNAL_VOICEMAIL = 0.3
P_OUTBOUND_ANSWER = 0.7
P_OUTBOUND_BUSY = 0.05


def simulate_calls(
    rng: random.Random, directory: Directory, profile: Profile, starts: Iterable[int]
) -> Iterator[SimCall]:
    """Calls numbered from 1, one per start time, in the order of ``starts``."""
    for n, start in enumerate(starts, start=1):
        yield make_call(rng, directory, profile, n, start)


def make_call(
    rng: random.Random, directory: Directory, profile: Profile, n: int, start: int
) -> SimCall:
    roll = rng.random()
    if roll < P_INTERNAL:
        return _internal(rng, directory, profile, n, start)
    if roll < P_INTERNAL + P_OUTBOUND:
        return _outbound(rng, directory, profile, n, start)
    return _inbound(rng, directory, profile, n, start)


def fake_number(rng: random.Random, directory: Directory) -> str:
    """A made-up Dutch mobile number that is not in the directory."""
    while True:
        number = f"+316{rng.randrange(10**8):08d}"
        if directory.department_of(number) is None:
            return number


def _context(
    rng: random.Random, directory: Directory, profile: Profile, start: int, department: Department
) -> Context:
    is_open = directory.is_open(department.id, datetime.fromtimestamp(start, UTC))
    return Context(rng, directory, profile, start, is_open)


def _inbound(
    rng: random.Random, directory: Directory, profile: Profile, n: int, start: int
) -> SimCall:
    departments = profile.departments
    department = rng.choices(departments, [d.weight for d in departments])[0]
    caller = fake_number(rng, directory)
    ctx = _context(rng, directory, profile, start, department)
    flow: Flow
    if department is profile.kcc and profile.queue_number and rng.random() < P_QUEUE:
        dialed = profile.queue_number
        flow = queue_call(ctx, department, dialed)
    elif department.numbers and len(department.staff) > 1 and rng.random() < P_NUMBER:
        dialed = rng.choice(department.numbers)
        flow = ring_group(ctx, department, dialed)
    else:
        dialed = rng.choice(department.staff)
        flow = direct(ctx, department, dialed)
    legs, decision = flow
    return SimCall(n, "inbound", caller, dialed, tuple(legs), decision)


def _internal(
    rng: random.Random, directory: Directory, profile: Profile, n: int, start: int
) -> SimCall:
    caller = rng.choice(rng.choice(profile.departments).staff)
    department = rng.choice(profile.departments)
    targets = [extension for extension in department.staff if extension != caller]
    if not targets:
        return _outbound(rng, directory, profile, n, start)
    target = rng.choice(targets)
    ctx = _context(rng, directory, profile, start, department)
    legs: list[SimLeg]
    if ctx.open and profile.answers(department) and rng.random() < P_INTERNAL_ANSWER:
        legs, decision = [answered(ctx, target, start)], Decision("answered", target)
    else:
        ring = rng.randint(15, 30)
        legs, hung_up = ring_out(ctx, [target], start, ring)
        decision = GIVE_UP
        if not hung_up and profile.voicemail and rng.random() < P_INTERNAL_VOICEMAIL:
            legs.append(voicemail_leg(ctx, start + ring))
            decision = Decision("voicemail")
    return SimCall(n, "internal", caller, target, tuple(legs), decision)


def _outbound(
    rng: random.Random, directory: Directory, profile: Profile, n: int, start: int
) -> SimCall:
    caller = rng.choice(rng.choice(profile.departments).staff)
    number = fake_number(rng, directory)
    roll = rng.random()
    if roll < P_OUTBOUND_ANSWER:
        delay, talk = rng.randint(4, 20), rng.randint(20, 600)
        leg = SimLeg(number, start, start + delay + talk, "answered", start + delay)
        decision = Decision("answered", number)
    elif roll < P_OUTBOUND_ANSWER + P_OUTBOUND_BUSY:
        leg, decision = SimLeg(number, start, start + 2, "busy"), GIVE_UP
    else:
        leg, decision = SimLeg(number, start, start + rng.randint(20, 40), "no_answer"), GIVE_UP
    return SimCall(n, "outbound", caller, number, (leg,), decision)
