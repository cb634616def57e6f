"""The order in which the apps' demo data is seeded, and the steps that join two apps' data.

Each app keeps its demo records in its own ``demo`` module (``seed()``, idempotent) and imports
no other app's demo module: what several apps' demo data share is ``core.demo``, and a step that
needs a higher app's results gets them from here. This is the top floor: it may import every app,
and no app imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts import demo as accounts_demo
from employers import demo as employers_demo
from matching import demo as matching_demo
from migrants import demo as migrants_demo
from partnerships import demo as partnerships_demo
from recognition import demo as recognition_demo
from training import demo as training_demo


def _employers_and_matching() -> None:
    # Matching ranks the vacancies employers post, and the demo employer then works down that
    # ranking: employers' demo gets the ranking from here, as employers does not import matching.
    seeded = employers_demo.seed()
    matching_demo.seed(vacancies_created=bool(seeded.created))
    employers_demo.seed_pipelines(matching_demo.ranked_with_login)


# In dependency order.
STEPS: dict[str, Callable[[], object]] = {
    "accounts": accounts_demo.seed,
    "partnerships": partnerships_demo.seed,
    "migrants": migrants_demo.seed,
    # Before recognition: certificates add qualifications that the recognition demo plans from.
    "training": training_demo.seed,
    "recognition": recognition_demo.seed,
    # Last: every profile change after it would rematch the person against its open vacancies.
    "employers": _employers_and_matching,
}


def seed(*only: str) -> None:
    """Seed every app's demo data, or only the named steps (still in dependency order)."""
    unknown = set(only) - set(STEPS)
    if unknown:
        raise ValueError(f"No demo step {sorted(unknown)}; the steps are {list(STEPS)}.")
    for name, step in STEPS.items():
        if not only or name in only:
            step()
