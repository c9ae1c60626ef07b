from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_targets import parse_or_reject
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.email import EmailImporter
from remembrancer.memory.importers.email_mbox import read_mbox
from tests.memory.importers.email_samples import TAKEOUT, THUNDERBIRD, japanese_arabic_eml, write


def parse(path: Path):
    return EmailImporter().parse(path, path.parent)


def test_takeout_mailbox_threads_speakers_times_and_attachments(tmp_path: Path) -> None:
    path = write(tmp_path / "All mail Including Spam and Trash.mbox", TAKEOUT)
    reply, root, second = parse(path)  # the spam message is skipped
    assert [m.id for m in (reply, root, second)] == [
        "email:reply-1@mail.example.net", "email:root-1@mail.example.org", "email:reply-2@mail.example.org"]
    # the reply came first in the file and still joins its thread's conversation
    assert reply.conversation == root.conversation == "email:root-1@mail.example.org"
    assert second.conversation == "email:reply-1@mail.example.net"  # In-Reply-To only: its parent is the root it names
    assert (reply.speaker, root.speaker, second.speaker) == ("Ana Vidal", "Kit Marlowe", "kit@example.org")
    assert (reply.time, root.time, second.time) == ("2024-01-02T11:00:00+01:00", "2024-01-02T10:00:00+01:00", "2024-01-02T07:30:00-05:00")
    assert {m.role for m in (reply, root, second)} == {"other"}
    assert reply.metadata["sender_address"] == "ana@example.net"
    # quoted reply gone, attachment named (the inline logo is not an attachment)
    assert reply.text == "Subject: Re: Dinner at the harbour on Friday\nYes! I will book a table for two at the Blue Lantern.\n[photo: lantern.jpg]"
    assert reply.metadata["attachments"] == [{"kind": "image", "name": "lantern.jpg"}]
    # ">From " unescaped, the signature gone
    assert root.text == ("Subject: Dinner at the harbour on Friday\nShall we try the new ramen place by the harbour on Friday?\n"
                         "From what I hear the broth is excellent.")
    # HTML only: text, without the style and the quoted block
    assert second.text == "Subject: RE: Re: Dinner at the harbour on Friday\nPerfect & see you at eight.\n\nBring the map."
    assert (root.line, second.line) == (45, 62)


def test_thunderbird_mailbox_without_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "profile" / "Mail" / "Local Folders" / "Inbox", THUNDERBIRD)
    assert EmailImporter().claims(path)
    first, undated = parse(path)  # the message Thunderbird marked deleted is skipped
    assert first.speaker == "Мира Орлова" and first.text == "Subject: Привет из Казани\nМы приедем в субботу на поезде."
    assert first.time == "2024-03-04T21:20:00+03:00"
    # no Date header: the "From " line's date (local time); no Message-ID: a hash id and a subject thread
    assert undated.time == datetime(2024, 3, 5, 7, 45).astimezone().isoformat(timespec="seconds")
    assert undated.id.startswith("email:") and undated.conversation.startswith("email:subject-")
    assert parse(path) == [first, undated]  # stable across re-imports


def test_single_eml_non_latin_and_outlook_quote(tmp_path: Path) -> None:
    path = write(tmp_path / "kyoto.eml", japanese_arabic_eml())
    (message,) = parse(path)
    assert message.id == message.conversation == "email:eml-1@example.net"
    assert (message.speaker, message.time) == ("Haru Sato", "2024-03-08T17:05:00+09:00")
    assert message.text == "Subject: 京都の旅行\nسنلتقي في المقهى القديم عند الساعة الخامسة."


def test_an_eml_is_detected_by_content_under_any_name(tmp_path: Path) -> None:
    saved = write(tmp_path / "saved-message.txt", japanese_arabic_eml())
    ((_, importer),) = plan_files(saved)
    assert importer.name == "email"
    assert not EmailImporter().claims(write(tmp_path / "note.txt", b"From: the desk of Ana\nDear diary, today\n"))
    assert not EmailImporter().claims(write(tmp_path / "minutes.txt", b"Date: 2024-03-01\nSubject: garden club\n\nWe met.\n"))
    assert not EmailImporter().claims(write(tmp_path / "letter.txt", b"From the desk of Ana\nSubject: hi\n\nDear Bo\n"))
    ((_, importer),) = plan_files(tmp_path / "minutes.txt")
    assert importer.name == "markdown"  # a plain-text note
    assert not EmailImporter().claims(write(tmp_path / "Inbox.msf", b"// <!-- <mdb:mork:z v=\"1.4\"/> -->\n"))


def test_folder_of_a_thunderbird_profile(tmp_path: Path) -> None:
    root = tmp_path / "Local Folders"
    write(root / "Inbox", THUNDERBIRD)
    write(root / "Inbox.msf", b"// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    write(root / "Archives.sbd" / "2024", TAKEOUT)
    write(root / "Trash", b"")  # an empty folder: not claimed, nothing to import
    write(root / "chat.txt", b"[2024-03-01 10:15] Ana: hi\n")
    plan = {p.relative_to(root).as_posix(): imp.name for p, imp in plan_files(root)}
    assert plan == {"Inbox": "email", "Archives.sbd/2024": "email", "chat.txt": "text"}
    assert [p.name for p, _ in plan_files(root, "email")] == ["2024", "Inbox"]


def test_replies_without_references_share_the_subject_thread(tmp_path: Path) -> None:
    mbox = b"".join(
        b"From ana@example.net Mon Jan  1 10:0%d:00 2024\nFrom: Ana <ana@example.net>\nSubject: %s\n"
        b"Date: Mon, 1 Jan 2024 10:0%d:00 +0000\n\nLine %d\n\n" % (n, subject, n, n)
        for n, subject in enumerate([b"Garden plans", b"Re: Garden plans", b"AW: Fwd: RE: garden   plans", b"Other"])
    )
    messages = parse(write(tmp_path / "box.mbox", mbox))
    assert len({m.conversation for m in messages[:3]}) == 1 and messages[3].conversation != messages[0].conversation
    assert len({m.id for m in messages}) == 4


def test_missing_date_in_a_single_message_names_it(tmp_path: Path) -> None:
    path = write(tmp_path / "nodate.eml", b"From: Ana <ana@example.net>\nSubject: Hi\nMessage-ID: <x@y>\n\nhello\n")
    with pytest.raises(InputError, match="message 1: no readable Date header") as info:
        parse(path)
    assert info.value.path == str(path)


def test_a_message_without_headers_names_its_number_and_line(tmp_path: Path) -> None:
    good = b"From a@b Mon Jan  1 10:00:00 2024\nFrom: Ana <a@b>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nfine\n\n"
    broken = b"From a@b Mon Jan  1 11:00:00 2024\nthis line is no header at all\n\nbody\n"
    path = write(tmp_path / "broken.mbox", good + broken)
    with pytest.raises(InputError, match="message 2: no e-mail headers") as info:
        parse(path)
    assert (info.value.path, info.value.line) == (str(path), 7)
    with pytest.raises(InputError, match="not an mbox") as info:
        parse(write(tmp_path / "junk.mbox", b"hello\nFrom a@b Mon Jan  1 10:00:00 2024\n"))
    assert info.value.line == 1


def test_unparsable_date_falls_back_to_the_from_line(tmp_path: Path) -> None:
    mbox = b"From a@b Tue Jan 02 09:00:00 +0000 2024\nFrom: Ana <a@b>\nDate: sometime soon\nSubject: x\n\nbody\n"
    (message,) = parse(write(tmp_path / "d.mbox", mbox))
    assert message.time == "2024-01-02T09:00:00+00:00"


def test_bad_bytes_are_replaced_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    mbox = (b"From a@b Tue Jan 02 09:00:00 +0000 2024\nFrom: Jos\xc3\xa9 <jose@example.org>\nSubject: Caf\xe9\n"
            b"Date: Tue, 2 Jan 2024 09:00:00 +0000\nContent-Type: text/plain; charset=us-ascii\n\nna\xefve \xff text\n\n"
            b"From a@b Tue Jan 02 09:05:00 +0000 2024\nFrom: Lea <lea@example.org>\nDate: Tue, 2 Jan 2024 09:05:00 +0000\n"
            b"Content-Type: text/plain; charset=x-unknown-charset\n\nplain words\n\n"
            b"From a@b Tue Jan 02 09:06:00 +0000 2024\nFrom: Lea <lea@example.org>\nDate: Tue, 2 Jan 2024 09:06:00 +0000\n"
            b"Content-Type: text/plain; charset=iso-8859-1\n\nd\xe9j\xe0 vu\n")
    with caplog.at_level(logging.WARNING):
        first, second, third = parse(write(tmp_path / "bytes.mbox", mbox))
    assert first.speaker == "José" and first.text.startswith("Subject: Caf\ufffd\n") and "na\ufffdve \ufffd text" in first.text
    assert second.text == "plain words" and third.text == "déjà vu"
    assert "message 1" in caplog.text and "na" not in caplog.text.replace("name", "")  # where, never the words


def test_empty_long_and_separator_like_lines(tmp_path: Path) -> None:
    assert parse(write(tmp_path / "empty.mbox", b"")) == []
    long_body = ("The lighthouse lamp turns all night. " * 6000).encode()
    mbox = (b"From a@b Mon Jan  1 10:00:00 2024\nFrom: Ana <a@b>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nSubject: Long\n\n"
            + long_body + b"\nFrom here on the path is steep.\n\nend\n")
    (message,) = parse(write(tmp_path / "long.mbox", mbox))
    assert len(message.text) > 200_000 and message.text.endswith("From here on the path is steep.\n\nend")


def test_reply_header_wrapped_and_other_quote_markers(tmp_path: Path) -> None:
    from remembrancer.memory.importers.email_body import html_to_text, strip_quotes

    assert strip_quotes("Sounds good.\n\nOn Mon, 1 Jan 2024 at 10:00, Kit Marlowe <\nkit@example.org> wrote:\n> old") == "Sounds good."
    assert strip_quotes("Ja.\nAm 01.01.2024 um 10:00 schrieb Kit <kit@example.org>:\nalt") == "Ja."
    assert strip_quotes("Fine.\n________________________________\nFrom: Kit\nSent: Monday\nold") == "Fine."
    assert strip_quotes("Top\n> quoted\nanswer\n> more\nsecond answer") == "Top\nanswer\nsecond answer"
    assert strip_quotes("On the way home I saw a heron.") == "On the way home I saw a heron."
    assert html_to_text("<p>One<br>two</p><script>x()</script><ul><li>a</li><li>b</li></ul><pre>  k  v</pre>") == "One\ntwo\n\na\nb\n\nk  v"


def test_the_reader_streams(tmp_path: Path) -> None:
    path = write(tmp_path / "box.mbox", TAKEOUT)
    messages = read_mbox(path)
    first = next(messages)
    assert (first.number, first.line) == (1, 1) and b"reply-1" in first.data and b"Message-ID: <root-1" not in first.data
    assert [m.number for m in messages] == [2, 3, 4]


QUICK = settings(max_examples=40, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate],
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HEADERS = st.sampled_from([b"From: ", b"Date: ", b"Subject: ", b"Message-ID: ", b"References: ", b"Content-Type: ", b"X: "])
LINES = st.lists(st.one_of(st.binary(max_size=40), st.tuples(HEADERS, st.binary(max_size=30)).map(b"".join),
                           st.sampled_from([b"", b"From a@b Mon Jan  1 10:00:00 2024", b"From ", b"-- ", b"> q", b"--b"])), max_size=30)


@QUICK
@given(LINES)
def test_hostile_mailboxes_parse_or_are_rejected_cleanly(lines: list[bytes]) -> None:
    content = b"From a@b Mon Jan  1 10:00:00 2024\n" + b"\n".join(lines)
    parse_or_reject("email", "box.mbox", content)
    parse_or_reject("email", "one.eml", b"\n".join(lines))


def test_notes_data_and_media_are_never_read_to_look_for_mail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from remembrancer.memory.importers import email as email_module

    opened: list[str] = []
    monkeypatch.setattr(email_module, "read_head", lambda path: opened.append(path.name) or b"")
    for name in ("Journal.md", "photo.jpg", "chat.json", "Inbox.msf"):
        assert not EmailImporter().claims(write(tmp_path / name, b"From: Ana <ana@example.org>\nSubject: x\n"))
    assert opened == []
    EmailImporter().claims(write(tmp_path / "Inbox", b""))  # a Thunderbird mailbox has no extension: looked at
    assert opened == ["Inbox"]
