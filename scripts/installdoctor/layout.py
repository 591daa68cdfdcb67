"""Where things are in a checkout, for both halves: the one place that knows the repository root,
and how a step file's suffix names the shell that runs it."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # scripts/installdoctor/layout.py
SNIPPETS = REPO / "snippets"
VERIFIED = REPO / ".verified"

# The verifier plays each step file in the shell its suffix names; the site's lint reads every such file.
STEP_SHELLS = {".sh": "posix", ".ipy": "notebook", ".ps1": "powershell", ".bat": "cmd", ".cmd": "cmd"}
