"""Hand-written mailboxes in the shapes Google Takeout and Thunderbird write (invented people and places)."""
from __future__ import annotations

import base64
from pathlib import Path

# A thread of three, the replies first: Takeout orders by label, not by thread.
TAKEOUT = b"""From 1787374866063390216@xxx Tue Jan 02 10:00:00 +0000 2024
X-GM-THRID: 1787374866063390215
X-Gmail-Labels: Sent,Opened
Message-ID: <reply-1@mail.example.net>
In-Reply-To: <root-1@mail.example.org>
References: <root-1@mail.example.org>
From: Ana Vidal <ana@example.net>
To: Kit Marlowe <kit@example.org>
Subject: Re: Dinner at the harbour on Friday
Date: Tue, 2 Jan 2024 11:00:00 +0100
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset="UTF-8"

Yes! I will book a table for two at the Blue Lantern.

On Tue, 2 Jan 2024 at 10:00, Kit Marlowe <kit@example.org> wrote:
> Shall we try the new ramen place by the harbour on Friday?
> Kit

--alt
Content-Type: text/html; charset="UTF-8"

<div>Yes! I will book a table for two at the Blue Lantern.</div>
--alt--

--mix
Content-Type: image/jpeg; name="lantern.jpg"
Content-Disposition: attachment; filename="lantern.jpg"
Content-Transfer-Encoding: base64

/9j/4AAQSkZJRgABAQ==
--mix
Content-Type: image/png
Content-Disposition: inline; filename="logo.png"
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--mix--

From 1787374866063390215@xxx Tue Jan 02 09:00:00 +0000 2024
X-GM-THRID: 1787374866063390215
X-Gmail-Labels: Inbox,Opened
Message-ID: <root-1@mail.example.org>
From: Kit Marlowe <kit@example.org>
To: Ana Vidal <ana@example.net>
Subject: Dinner at the harbour on Friday
Date: Tue, 2 Jan 2024 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

Shall we try the new ramen place by the harbour on Friday?
>From what I hear the broth is excellent.

-- 
Kit Marlowe
Lighthouse Keeper, Port Anselm

From 1787374866063390217@xxx Tue Jan 02 12:30:00 +0000 2024
X-Gmail-Labels: Inbox
Message-ID: <reply-2@mail.example.org>
In-Reply-To: <reply-1@mail.example.net>
From: kit@example.org
Subject: RE: Re: Dinner at the harbour on Friday
Date: Tue, 02 Jan 2024 07:30:00 -0500
Content-Type: text/html; charset=utf-8

<html><head><style>p {color: red}</style></head><body>
<p>Perfect &amp; see you at <b>eight</b>.</p><p>Bring the map.</p>
<div class="gmail_quote">On Tue, 2 Jan 2024 at 11:00, Ana wrote:<blockquote>Yes! I will book</blockquote></div>
</body></html>

From 1787374866063390299@xxx Wed Jan 03 08:00:00 +0000 2024
X-Gmail-Labels: Spam
Message-ID: <spam-1@win.example.com>
From: Prize Desk <prize@win.example.com>
Subject: You won a boat
Date: Wed, 3 Jan 2024 08:00:00 +0000

Click here.
"""

# Thunderbird: a profile mailbox with no extension, "From - " lines, a message deleted but not yet compacted.
THUNDERBIRD = b"""From - Mon Mar  4 18:20:00 2024
X-Mozilla-Status: 0001
X-Mozilla-Status2: 00000000
Message-ID: <tb-1@example.org>
From: =?UTF-8?B?0JzQuNGA0LAg0J7RgNC70L7QstCw?= <mira@example.org>
Subject: =?UTF-8?B?0J/RgNC40LLQtdGCINC40Lcg0JrQsNC30LDQvdC4?=
Date: Mon, 4 Mar 2024 21:20:00 +0300
Content-Type: text/plain; charset=koi8-r
Content-Transfer-Encoding: 8bit

""" + "Мы приедем в субботу на поезде.\n".encode("koi8-r") + b"""
From - Mon Mar  4 19:00:00 2024
X-Mozilla-Status: 0009
Message-ID: <tb-2@example.org>
From: Old News <news@example.org>
Subject: Deleted newsletter
Date: Mon, 4 Mar 2024 19:00:00 +0000

This was deleted in Thunderbird.

From - Tue Mar  5 07:45:00 2024
X-Mozilla-Status: 0001
From: Mira Orlova <mira@example.org>
Subject: Train times
Content-Type: text/plain; charset=utf-8

The train leaves at 9:10 from platform 4.
"""


def japanese_arabic_eml() -> bytes:
    """A single message: a Japanese subject, an Arabic body in base64, and Outlook's quoted original."""
    body = "سنلتقي في المقهى القديم عند الساعة الخامسة.\n\n-----Original Message-----\nFrom: Kit\nSent: Monday\n\nold text\n"
    return (
        b"Received: from mx.example.net by mail.example.org\n"
        b"Message-ID: <eml-1@example.net>\n"
        b"Date: Fri, 8 Mar 2024 17:05:00 +0900\n"
        b"From: \"Haru Sato\" <haru@example.jp>\n"
        b"Subject: =?UTF-8?B?" + base64.b64encode("京都の旅行".encode()) + b"?=\n"
        b"MIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(body.encode())
    )


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
