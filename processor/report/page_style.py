"""The inline stylesheet of the HTML report (kept apart so ``page`` reads as structure)."""

from __future__ import annotations

CSS = """
:root { --met: #1b5e20; --met-bg: #e8f5e9; --below: #b71c1c; --below-bg: #ffebee;
  --muted: #5f6b73; --line: #d7dde1; --accent: #0b4f7c; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2a30; margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; color: var(--accent); }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .4rem; border-bottom: 2px solid var(--line);
  padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.sub { color: var(--muted); margin: 0 0 1rem; }
.summary { font-size: 1.05rem; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .3rem 0 .8rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); text-align: right;
  white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f3f6f8; font-weight: 600; }
tr.total td { font-weight: 600; border-top: 2px solid #9aa7af; }
tr.current td { background: #f3f8fc; font-weight: 600; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-size: .85rem;
  font-weight: 600; white-space: nowrap; }
.badge.met { color: var(--met); background: var(--met-bg); border: 1px solid var(--met); }
.badge.below { color: var(--below); background: var(--below-bg); border: 1px solid var(--below); }
.badge.none { color: var(--muted); background: #f3f6f8; border: 1px solid var(--line); }
td.met { color: var(--met); } td.below { color: var(--below); font-weight: 600; }
.bar { position: relative; display: inline-block; width: 8rem; height: .8rem;
  background: #eef1f3; vertical-align: middle; }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; background: #78909c; }
.bar .fill.met { background: #43a047; } .bar .fill.below { background: #e53935; }
.bar .goal { position: absolute; top: -.2rem; bottom: -.2rem; width: 2px; background: #212121; }
.scroll { overflow-x: auto; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption, .note, footer { color: var(--muted); font-size: .85rem; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .6rem; }
@media print { body { max-width: none; } section { break-inside: avoid; } }
"""
