"""The "信息有误？" links that let a resident tell the centre (the operator,
`extra.operator` in mkdocs.yml: config.Operator) that a listing is wrong.

    extra:
      operator:
        name: 某某区社会心理服务指导中心   # the footer's 主办
        contact: 地址与电话……             # the footer's 联系方式 line (optional)
        email: xinli@example.gov.cn        # for corrections (optional)
        phone: "0573-82345678"             # for corrections (optional)
        sample: true                       # the shipped sample operator

Every station, hotline and activity page and the 404 page offer the email
(a `mailto:` whose subject names the entry and its address, as SAMHSA's
FindTreatment "report a problem with this listing" does) and the phone (a
`tel:` link), never a form: nothing the resident types goes to another host,
and the mail is the resident's own. Without either, the pages show no link
(and the publication check lists the missing contact).

Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from mhsite.common.phones import Phone

@dataclass(frozen=True)
class ReportLink:
    """What the "信息有误？" sentence shows (publication/templates/_report.html).
    `mailto`: the href, HTML-escaped (Markup); `tel` is "" when the number
    must not be dialled (a sample operator's invented number)."""

    mailto: Markup | None
    email: str
    tel: str
    phone: str
    sample: bool
    # The words before and after the links ("信息有误？…。").
    lead: str = "信息有误？"
    tail: str = ""
    # The 404 page: its script adds the address the resident tried.
    here: bool = False


@dataclass(frozen=True)
class ReportContact:
    email: str | None
    phone: Phone | None
    sample: bool

    def mailto(self, subject: str, body: str) -> str:
        """A mailto: URL (RFC 6068): the address, then the subject and body
        percent-encoded as UTF-8; line breaks as CRLF."""
        assert self.email
        query = f"subject={quote(subject, safe='')}&body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}"
        return f"mailto:{quote(self.email, safe='@')}?{query}"

    def link(self, name: str, url: str, *, lead: str = "信息有误？", tail: str = "", here: bool = False) -> ReportLink:
        """The link for the entry `name` at the page address `url`."""
        subject = f"信息有误：{name}（{url}）" if url else f"信息有误：{name}"
        body = (
            f"页面：{url}\n" if url else ""
        ) + "哪里不对（例如电话打不通、地址或开放时间变了）：\n\n正确的是（如果知道）：\n"
        return ReportLink(
            mailto=escape(self.mailto(subject, body)) if self.email else None,
            email=self.email or "",
            tel="" if self.sample or self.phone is None else self.phone.tel,
            phone=self.phone.display if self.phone else "",
            sample=self.sample,
            lead=lead,
            tail=tail,
            here=here,
        )
