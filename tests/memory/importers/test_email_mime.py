"""E-mail headers and MIME bodies as mail clients write them (invented people): the fast reading must equal the standard library's."""
from __future__ import annotations

import base64
import quopri
import re
import tempfile
from email import policy
from email.parser import BytesParser, Parser
from email.utils import parseaddr
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.email import EmailImporter
from remembrancer.memory.importers.email_headers import clean, sender, text_value
from remembrancer.memory.importers.email_mbox import _FROM_DATE, envelope_date, read_mbox
from remembrancer.memory.importers.email_parse import RAW_HEADERS, parse_message
from tests.memory.importers.email_samples import write


def parse(path: Path):
    return EmailImporter().parse(path, path.parent)


def eml(*headers: bytes, body: bytes = b"Hello.\n") -> bytes:
    base = [b"Message-ID: <m-1@example.org>", b"Date: Mon, 1 Jan 2024 10:00:00 +0000"]
    return b"\n".join([*base, *headers]) + b"\n\n" + body


def b_word(text: str, charset: str = "utf-8") -> bytes:
    return b"=?%s?B?%s?=" % (charset.encode(), base64.b64encode(text.encode(charset)))


def q_word(text: str, charset: str = "utf-8") -> bytes:
    return b"=?%s?Q?%s?=" % (charset.encode(), quopri.encodestring(text.encode(charset), header=True))


@pytest.mark.parametrize(("subject", "expected"), [
    (b_word("Grüße aus Köln"), "Grüße aus Köln"),
    (q_word("Grüße aus Köln", "iso-8859-1"), "Grüße aus Köln"),
    (b"Re: " + b_word("京都の") + b"\n " + b_word("旅行"), "Re: 京都の旅行"),  # folded; adjacent encoded words join
    (b"Fwd: " + q_word("café") + b" (2)", "Fwd: café (2)"),
    (b"Long subject that is\n folded over\n\ttwo lines", "Long subject that is folded over two lines"),
    (b"Re:" + q_word("café"), "Re:café"),  # glued to a word: read by the standard library's parser
    (b"Caf\xc3\xa9 au lait", "Café au lait"),  # raw UTF-8 bytes
])
def test_encoded_word_and_folded_subjects(tmp_path: Path, subject: bytes, expected: str) -> None:
    (message,) = parse(write(tmp_path / "m.eml", eml(b"From: Ana Lima <ana@example.org>", b"Subject: " + subject)))
    assert message.metadata["subject"] == expected
    assert message.text == f"Subject: {expected}\nHello."


@pytest.mark.parametrize(("sender_header", "speaker", "address"), [
    (b"=?utf-8?B?" + base64.b64encode("Zoë Martín".encode()) + b"?= <zoe@example.org>", "Zoë Martín", "zoe@example.org"),
    (q_word("José Pérez", "iso-8859-1") + b" <jose@example.org>", "José Pérez", "jose@example.org"),
    (b'"' + q_word("Мира") + b'" <mira@example.org>', "Мира", "mira@example.org"),
    (b"Ana Lima\n <ana@example.org>", "Ana Lima", "ana@example.org"),  # folded
    (b'"Lima, Ana" <ana@example.org>', "Lima, Ana", "ana@example.org"),
    (b"ana@example.org (Ana Lima)", "ana@example.org", "ana@example.org"),  # a comment is no display name, as before
    (b"bo@example.org", "bo@example.org", "bo@example.org"),
])
def test_encoded_and_folded_sender_names(tmp_path: Path, sender_header: bytes, speaker: str, address: str) -> None:
    (message,) = parse(write(tmp_path / "m.eml", eml(b"From: " + sender_header, b"Subject: hi")))
    assert (message.speaker, message.metadata["sender_address"]) == (speaker, address)


@pytest.mark.parametrize("value", [
    "Ana Lima <ana@example.org>", '"Ana Lima" <ana@example.org>', "<ana@example.org>", "ana@example.org", "Ana<ana@example.org>",
    "J. R. Tolkien <jrr@example.org>", "Lima, Ana <ana@example.org>", "=?utf-8?q?Ana?= =?utf-8?q?_Lima?= <a@example.org>",
    "=?utf-8?b?QW5?= <a@example.org>", "=?x-bogus?q?Ana?= <a@example.org>", "Ana =?utf-8?q?L=C3=ADma?= <a@example.org>",
    "Team: Ana <ana@example.org>, Bo <bo@example.org>;", "undisclosed-recipients:;", "Ana <ana@example.org", "",
    "=?utf-8?q?caf=E9?= <a@example.org>", "Ana (the cook) <ana@example.org>", '"Ana \\"AL\\" Lima" <ana@example.org>',
])
def test_sender_reads_as_the_standard_librarys_parser(value: str) -> None:
    header = policy.default.header_fetch_parse("from", value)
    first = header.addresses[0] if header.addresses else None
    name, address = (first.display_name, first.addr_spec) if first else ("", "")
    if not (name or address):  # then the lenient splitter, as the import always did
        name, address = parseaddr(" ".join(str(header).split()))
    name, address = clean(" ".join(name.split())), clean(address.strip())
    assert sender(value) == (name or address or "Unknown sender", address)


@pytest.mark.parametrize("value", [
    "Dinner on Friday", "a =?utf-8?q?x?= =?utf-8?q?y?= b", "=?utf-8?q?a b?=", "=?x-unknown?q?caf=E9?=", "=?utf-8?q?caf=E9?=",
    "=?utf-8?b?QW5?=", "=?UTF-8?Q?Re=3A_caf=C3=A9?=", "=?utf-8?q?=41?=", "=? not an ew ?=", "50% off =?", "AW: WG: =?iso-8859-1?q?Gr=FC=DFe?=",
])
def test_subject_reads_as_the_standard_librarys_parser(value: str) -> None:
    assert text_value("subject", value) == " ".join(str(policy.default.header_fetch_parse("subject", value)).split())


LATIN = "Déjà vu: the café on the quai serves crème brûlée."


@pytest.mark.parametrize(("charset", "encoding"), [
    ("utf-8", "quoted-printable"), ("iso-8859-1", "quoted-printable"), ("utf-8", "base64"), ("iso-8859-1", "base64"), ("iso-8859-1", "8bit"),
])
def test_quoted_printable_and_base64_bodies(tmp_path: Path, charset: str, encoding: str) -> None:
    raw = (LATIN + "\n").encode(charset)
    body = {"quoted-printable": quopri.encodestring(raw), "base64": base64.encodebytes(raw), "8bit": raw}[encoding]
    data = eml(b"From: Ana <ana@example.org>", b"Subject: cafe", b"MIME-Version: 1.0",
               b"Content-Type: text/plain;\n\tcharset=\"" + charset.encode() + b"\"",  # folded: the charset on the next line
               b"Content-Transfer-Encoding: " + encoding.encode(), body=body)
    (message,) = parse(write(tmp_path / "m.eml", data))
    assert message.text == f"Subject: cafe\n{LATIN}"


def test_quoted_printable_soft_breaks_and_crlf_lines(tmp_path: Path) -> None:
    body = b"The lighthouse keeper's log says the lamp was lit at dusk and =\r\nstayed on all night =E2=80=94 every night.\r\n"
    data = eml(b"From: Kit <kit@example.org>", b"Subject: log", b"Content-Type: text/plain; charset=utf-8",
               b"Content-Transfer-Encoding: quoted-printable", body=body).replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")
    (message,) = parse(write(tmp_path / "m.eml", data))
    assert message.text == "Subject: log\nThe lighthouse keeper's log says the lamp was lit at dusk and stayed on all night — every night."


MIXED = b"""From: Ana Lima <ana@example.org>
Subject: Photos from the harbour
Message-ID: <mixed-1@example.org>
Date: Tue, 2 Jan 2024 11:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="outer"

This is a multi-part message in MIME format.
--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Here are the pictures from the caf=E9 by the harbour.

--inner
Content-Type: text/html; charset=utf-8

<p>Here are the pictures from the caf&eacute; by the harbour.</p>
--inner--

--outer
Content-Type: image/jpeg; name="harbour.jpg"
Content-Disposition: attachment; filename="harbour.jpg"
Content-Transfer-Encoding: base64

/9j/4AAQSkZJRgABAQ==
--outer
Content-Type: application/pdf
Content-Disposition: attachment;
 filename*=utf-8''men%C3%BC%20card.pdf
Content-Transfer-Encoding: base64

JVBERi0=
--outer
Content-Type: audio/ogg
Content-Disposition: attachment; filename="=?utf-8?B?""" + base64.b64encode("gull cry é.ogg".encode()) + b"""?="
Content-Transfer-Encoding: base64

T2dnUw==
--outer
Content-Type: image/png
Content-Disposition: inline; filename="logo.png"
Content-ID: <logo>

iVBORw0KGgo=
--outer--
"""


def test_multipart_with_attachments_picks_the_plain_text_and_lists_the_files(tmp_path: Path) -> None:
    (message,) = parse(write(tmp_path / "m.eml", MIXED))
    assert message.text == ("Subject: Photos from the harbour\nHere are the pictures from the café by the harbour.\n"
                            "[photo: harbour.jpg]\n[file: menü card.pdf]\n[audio: gull cry é.ogg]")
    assert message.metadata["attachments"] == [
        {"kind": "image", "name": "harbour.jpg"}, {"kind": "file", "name": "menü card.pdf"}, {"kind": "audio", "name": "gull cry é.ogg"}]


def test_html_only_alternative_and_related_fall_back_to_text(tmp_path: Path) -> None:
    related = b"""From: Bo <bo@example.org>
Subject: Map
Message-ID: <rel-1@example.org>
Date: Tue, 2 Jan 2024 12:00:00 +0000
Content-Type: multipart/related; boundary="rel"; start="<root@x>"

--rel
Content-Type: image/png
Content-ID: <map@x>

iVBORw0KGgo=
--rel
Content-Type: text/html; charset=utf-8
Content-ID: <root@x>

<div>Meet at the <b>north</b> pier.</div><blockquote>earlier words</blockquote>
--rel--
"""
    (message,) = parse(write(tmp_path / "m.eml", related))
    assert message.text == "Subject: Map\nMeet at the north pier."


@pytest.mark.parametrize("data", [
    eml(b"From: Ana <ana@example.org>", b"Subject: one part"),
    eml(b"From: Ana <ana@example.org>", b"Subject: folded\n  over\n\tlines", b"X-Empty:", b"Content-Type: text/plain;\n charset=utf-8"),
    eml(b"From: Jos\xc3\xa9 <j@example.org>", b"Subject: Caf\xe9", body=b"na\xefve\r\nline\rtwo\n"),
    eml(b"From: Ana <ana@example.org>", b"Content-Type: text/html", body=b""),
    eml(b"From: Ana <ana@example.org>").replace(b"\n", b"\r\n"),
    eml(b"From: Ana <ana@example.org>", b"Subject: a\rlone CR"),
    eml(b"From: Ana <ana@example.org>", b"Subject:\n  only folded", b"X-Blank:   \n \n", b"X-Odd.Name_1: v").replace(b"\n", b"\r\n"),
    eml(b"From: Ana <ana@example.org>", b": nameless"),
    eml(b"From: Ana <ana@example.org>", b"Subject : spaced name"),
    b"From ana@example.org Mon Jan  1 10:00:00 2024\n" + eml(b"From: Ana <ana@example.org>"),
    eml(b"From: Ana <ana@example.org>").replace(b"\n\n", b"\nno header line\n"),
    b" continuation first\n" + eml(b"From: Ana <ana@example.org>"),
    eml(b"From: Ana <ana@example.org>").split(b"\n\n")[0],  # no body at all
    eml(b"From: Ana <ana@example.org>", b"Content-Type: message/rfc822", body=b"From: Inner <i@example.org>\n\ninner\n"),
    MIXED,
])
def test_the_quick_split_gives_the_feed_parsers_message(data: bytes) -> None:
    quick = parse_message(data)
    full = Parser(policy=RAW_HEADERS).parsestr(data.decode("ascii", "surrogateescape"))
    assert quick.items() == full.items() and quick.get_unixfrom() == full.get_unixfrom()
    assert [(p.get_content_type(), p.get_payload(decode=True)) for p in quick.walk()] == \
        [(p.get_content_type(), p.get_payload(decode=True)) for p in full.walk()]
    default = BytesParser(policy=policy.default).parsebytes(data)  # the parts are the ones the full parser finds
    assert [p.get_content_type() for p in quick.walk()] == [p.get_content_type() for p in default.walk()]


def test_a_malformed_date_names_the_file_and_message(tmp_path: Path) -> None:
    path = write(tmp_path / "m.eml", eml(b"From: Ana <ana@example.org>").replace(b"Mon, 1 Jan 2024 10:00:00 +0000", b"the 32nd of Smarch"))
    with pytest.raises(InputError, match="message 1: no readable Date header") as info:
        parse(path)
    assert (info.value.path, info.value.line) == (str(path), 1)
    mbox = (b"From a@b Mon Jan  1 10:00:00 2024\n" + eml(b"From: Ana <ana@example.org>") + b"\n"
            b"From - some time\n" + eml(b"From: Bo <bo@example.org>").replace(b"<m-1@", b"<m-2@").replace(b"Mon, 1 Jan 2024", b"Mon, 45 Jan 2024"))
    with pytest.raises(InputError, match='message 2: no readable Date header and no date on its "From " line') as info:
        parse(write(tmp_path / "box.mbox", mbox))
    assert info.value.line == 8


THREAD = b"""From ana@example.org Fri Mar 01 10:00:00 2024
Message-ID: <move-1@example.org>
From: Ana Lima <ana@example.org>
Subject: Moved to Lyon last week
Date: Fri, 1 Mar 2024 10:00:00 +0000

The flat is small but bright.

From bo@example.org Fri Mar 01 11:00:00 2024
Message-ID: <move-2@example.org>
In-Reply-To: <move-1@example.org>
References: <move-1@example.org>
From: Bo Chen <bo@example.org>
Subject: Re: Moved to Lyon last week
Date: Fri, 1 Mar 2024 11:00:00 +0000

I started pottery classes in March.
"""


def test_facts_read_a_subject_as_its_senders_line_and_never_a_replys(tmp_path: Path) -> None:
    from remembrancer.memory import Memory
    from remembrancer.memory.importers.email import extraction_text

    assert extraction_text("email:x", "Subject: Re: Moved\nHi") == "Hi"
    assert extraction_text("email:x", "Subject: Moved") == "Moved"
    assert extraction_text("chat:x", "Subject: Re: Moved\nHi") == "Subject: Re: Moved\nHi"  # only e-mail texts
    memory = Memory(tmp_path / "data", "fake", extractor="rules")
    try:
        memory.import_path(write(tmp_path / "thread.mbox", THREAD))
        facts = {(f.text, tuple(f.sources)) for f in memory.facts()}
    finally:
        memory.close()
    assert ("Ana Lima moved to Lyon in the week before 1 March 2024.", ("email:move-1@example.org",)) in facts
    assert not [text for text, _ in facts if "ubject" in text or ("Bo Chen" in text and "Lyon" in text)]


def reference_mbox(data: bytes) -> list[tuple[int, int, bytes, object]]:
    """The mbox format read line by line, as it is defined: what `read_mbox` must give, whatever its block size."""
    messages: list[list] = []
    previous_blank = True
    for number, line in enumerate(re.findall(rb"[^\n]*\n|[^\n]+\Z", data), start=1):  # a binary file's lines
        if line.startswith(b"From ") and (previous_blank or _FROM_DATE.match(line)):
            messages.append([len(messages) + 1, number, [], envelope_date(line)])
        elif messages:
            messages[-1][2].append(line[1:] if re.match(rb">+From ", line) else line)
        elif line.strip():
            raise InputError("not an mbox", None, number)
        previous_blank = not line.strip()
    return [(n, start, b"".join(lines), env) for n, start, lines, env in messages]


MBOX_LINES = st.lists(st.sampled_from([
    b"From a@b Mon Jan  1 10:00:00 2024\n", b"From here on the path is steep.\n", b"From - Tue Mar  5 07:45:00 2024\r\n", b"\n", b"  \n",
    b">From a quoted line\n", b">>From twice\n", b"Subject: x\n", b"body text\n", b"\r\n", b"From \n", b"text without end",
]), max_size=40)


@settings(max_examples=150, deadline=None, database=None)
@given(MBOX_LINES, st.integers(min_value=1, max_value=64))
def test_the_mbox_reader_cuts_as_a_line_by_line_reading_whatever_the_block_size(lines: list[bytes], block_size: int) -> None:
    data = b"".join(lines)
    try:
        expected = reference_mbox(data)
    except InputError as exc:
        expected = exc.line
    path = Path(tempfile.mkdtemp()) / "box.mbox"
    path.write_bytes(data)
    try:
        got = [(m.number, m.line, m.data, m.envelope_date) for m in read_mbox(path, block_size)]
    except InputError as exc:
        got = exc.line
    assert got == expected
