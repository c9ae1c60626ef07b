"""Screenshots of the real app for docs/screenshots/: chat, memory browser, quick recall.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--keep]

Starts the real desktop app (`ui.desktop.Desktop` on a `MemoryService`, the
real embedding model and whatever language model is installed) on a virtual X
display (Xvfb; `apt-get install xvfb` when missing) against a throwaway data
dir, imports a small sample conversation, asks a question in the chat, opens a
person's page in the memory browser's People tab with one value's detail, and the
quick-recall popup, and saves what Qt itself renders (`QWidget.grab`). Nothing is
drawn by hand. `scripts/screenshots_people.py` shoots the People tab on a real
conversation.

The clock is injected the way `--now` does it, so the retention plot has a
past: the chat is imported on day 0, recalled (a review) on day 20, and the
screenshots are taken on day 45.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

logger = logging.getLogger("screenshots")

DAY0 = datetime(2024, 6, 1, 9, 0, tzinfo=timezone.utc)
SAMPLE = [
    ("catch-up", "2024-05-20T19:02:00", "Melanie", "Hey! Long time. How was the move?"),
    ("catch-up", "2024-05-20T19:04:00", "Caroline", "Exhausting but done. I moved to Lisbon last month, the flat is in Alfama."),
    ("catch-up", "2024-05-20T19:05:00", "Melanie", "Lisbon! Are you still working at the museum?"),
    ("catch-up", "2024-05-20T19:07:00", "Caroline", "No, I work at a design studio now, mostly posters and book covers."),
    ("catch-up", "2024-05-20T19:09:00", "Melanie", "That suits you. I started pottery classes on Thursdays, by the way."),
    ("catch-up", "2024-05-20T19:10:00", "Caroline", "My sister Ana loves pottery, she has a kiln in her garage."),
    ("catch-up", "2024-05-20T19:12:00", "Melanie", "I am allergic to cats, so no visits to your place if you get one!"),
    ("catch-up", "2024-05-20T19:13:00", "Caroline", "Ha, noted. I prefer dogs anyway. My birthday is on 14 July, come visit then."),
    ("trip", "2024-05-27T08:30:00", "Melanie", "Booked my flights: I arrive in Lisbon on 12 July and stay a week."),
    ("trip", "2024-05-27T08:32:00", "Caroline", "Perfect. We can take the tram to Belém and eat pastéis."),
    ("trip", "2024-05-27T08:35:00", "Melanie", "I love hiking too, any trails near the city?"),
    ("trip", "2024-05-27T08:36:00", "Caroline", "Sintra has great trails. I hike there most Sundays."),
]
QUESTION = "Where does Caroline live now?"


def start_xvfb() -> subprocess.Popen | None:
    """A private display unless one is already set (and `--xvfb` was not asked)."""
    if shutil.which("Xvfb") is None:
        sys.exit("screenshots: Xvfb is needed for a display; install it with `apt-get install -y xvfb` (as root)")
    for number in range(99, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            break
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.1)
    os.environ["DISPLAY"] = f":{number}"
    return proc


def write_sample(path: Path) -> Path:
    rows = [{"conversation": c, "id": f"s-{i}", "time": t, "speaker": s, "role": "user", "text": x} for i, (c, t, s, x) in enumerate(SAMPLE, 1)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir")
    parser.add_argument("--xvfb", action="store_true", help="use a private Xvfb even when DISPLAY is set")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    xvfb = start_xvfb() if args.xvfb or not os.environ.get("DISPLAY") else None
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    work = Path(tempfile.mkdtemp(prefix="remembrancer-shots-"))
    try:
        return _shoot(work, Path(args.out))
    finally:
        if xvfb is not None:
            xvfb.terminate()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            logger.info("data dir kept at %s", work)


def _shoot(work: Path, out: Path) -> int:
    from scripts.screenshots_driver import Driver

    out.mkdir(parents=True, exist_ok=True)
    driver = Driver(work / "data", DAY0)
    try:
        driver.start()
        driver.import_file(write_sample(work / "sample.jsonl"))
        driver.set_now(DAY0 + timedelta(days=20))
        driver.review("Where does Caroline live?")  # a recall is a review: the curve gets a past
        driver.set_now(DAY0 + timedelta(days=45))
        driver.open_person("Caroline", "Lisbon")  # before the chat: asking is a review too
        driver.save(driver.desktop.window, out / "memory-browser.png")
        driver.ask(QUESTION)
        driver.save(driver.desktop.window, out / "chat.png")
        driver.popup("Caroline birthday")
        driver.save(driver.desktop.popup, out / "quick-recall.png")
        driver.save_screen(out / "quick-recall-over-window.png")
    finally:
        driver.stop()
    logger.info("screenshots written to %s", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
