"""Screenshots of the People tab on a real conversation: docs/screenshots/people.png and people-why.png.

    REMEMBRANCER_PASSPHRASE=... .venv/bin/python scripts/screenshots_people.py --data-dir DIR [--person NAME]
        [--value WORD] [--why WORD ...] [--out docs/screenshots]

The sample chat of `scripts/screenshots.py` is a dozen invented lines; a
page per person only shows what it is for on a real conversation, with
dozens of values and dated events. So this script takes a store made
beforehand from one (a dev conversation converted with
`benchmarks.locomo.to_jsonl` and imported with `remembrancer --data-dir DIR
import`); neither the store nor the conversation belongs in the repo.

It starts the real desktop app on that store under Xvfb, opens the People
tab on the person (default: the best-known one), shows one value in the
item panel (people.png), then opens "Why do I know this?" under a few
values and a timeline event (people-why.png). The clock is set a week after
the conversation's last message, so the retention plot is not years stale.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import start_xvfb  # noqa: E402

logger = logging.getLogger("screenshots")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="a store imported from a real conversation")
    parser.add_argument("--person", help="whose page (default: the first in the list, the best-known)")
    parser.add_argument("--value", help="a word of the value to show in the item panel (default: the page's first value)")
    parser.add_argument("--why", action="append", default=[], help="a word of a value whose sources to open (repeatable; "
                        "default: the first value and the first timeline event)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--xvfb", action="store_true", help="use a private Xvfb even when DISPLAY is set")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    xvfb = start_xvfb() if args.xvfb or not os.environ.get("DISPLAY") else None
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        return _shoot(Path(args.data_dir), Path(args.out), args.person, args.value, args.why)
    finally:
        if xvfb is not None:
            xvfb.terminate()


def _shoot(data_dir: Path, out: Path, person: str | None, value: str | None, why: list[str]) -> int:
    from remembrancer.memory.timeutil import parse_time
    from scripts.screenshots_driver import Driver, StepFailed

    out.mkdir(parents=True, exist_ok=True)
    driver = Driver(data_dir, None)  # the real clock until the store says when it ends
    try:
        driver.start()
        driver.desktop.window.resize(1280, 900)  # a page of a real person is long: show more of it
        newest = driver.service.messages(limit=1)
        if not newest:
            raise StepFailed(f"no messages in {data_dir}: import a conversation first")
        driver.set_now(parse_time(newest[0].time) + timedelta(days=7))
        view = driver.desktop.window.browser.people
        if person:
            driver.open_person(person)
        else:
            _open_first(driver)
        profile = view.page.profile
        first = profile.sections[0].values[0].text if profile.sections else None
        driver.open_person(profile.name, value or first)
        driver.save(driver.desktop.window, out / "people.png")
        picks = why or [w for w in (first, profile.timeline[0].value.text if profile.timeline else None) if w]
        for word in picks:
            driver.explain(word)
        driver.scroll_to_section(picks[0])
        driver.save(driver.desktop.window, out / "people-why.png")
    finally:
        driver.stop()
    logger.info("screenshots written to %s", out)
    return 0


def _open_first(driver) -> None:  # type: ignore[no-untyped-def]
    """The People tab as it opens: on the best-known person."""
    from scripts.screenshots_driver import wait_for

    window = driver.desktop.window
    window.tabs.setCurrentWidget(window.browser)
    window.browser.tabs.setCurrentWidget(window.browser.people)
    wait_for(window.browser.people.profiled, what="the first person's page")


if __name__ == "__main__":
    sys.exit(main())
