"""The operator (the centre that runs the site): `extra.operator` in mkdocs.yml,
and the "信息有误？" links that let a resident tell the centre a listing is wrong.

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
from typing import Annotated, Any
from urllib.parse import quote

from email_validator import EmailNotValidError, validate_email
from markupsafe import Markup, escape
from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema, field_validator

from mhsite.common import fields
from mhsite.common.phones import Phone
from mhsite.publication.samples import SAMPLE_IN_NAME, shipped_phone
from mhsite.common.text import Name, Text

# Domains reserved for examples (RFC 2606, RFC 6761): mail there reaches no one.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def email(value: Any) -> str:
    """An email address (checked with email-validator, no network lookup)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("请写电子邮箱地址，如 xinli@example.gov.cn。")
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(
            f"“{value}” 不是有效的电子邮箱地址：应写成 名字@域名，如 xinli@example.gov.cn，"
            "中间不能有空格，@ 和 . 要用半角（英文）符号。"
        ) from None


Email = Annotated[str, BeforeValidator(email), WithJsonSchema({"type": "string", "format": "email"})]


def reserved_host(host: str) -> bool:
    """Is `host` a name reserved for examples and tests (example.org,
    *.example, *.test, localhost…), which no real site or mailbox has?"""
    host = host.lower().rstrip(".")
    return (
        host in RESERVED_DOMAINS
        or host.endswith(tuple("." + d for d in RESERVED_DOMAINS))
        or host.rsplit(".", 1)[-1] in RESERVED_TLDS
    )


def reserved_domain(address: str) -> bool:
    """Is the email address at a domain reserved for examples (example.org…)?"""
    return reserved_host(address.rsplit("@", 1)[-1])


class Operator(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: Name(60)  # type: ignore[valid-type]
    contact: Text(200) = ""  # type: ignore[valid-type]
    email: Email | None = None
    phone: Annotated[Phone, WithJsonSchema(fields.PHONE_SCHEMA)] | None = None
    sample: bool = False

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: Any) -> Phone | None:
        return None if value is None else fields.phone(value)

    def sample_reasons(self) -> list[str]:
        """Why this is (still) the shipped sample operator; empty when not."""
        reasons = []
        if self.sample:
            reasons.append("标着 sample: true")
        for label, value in (("名称", self.name), ("联系方式", self.contact)):
            if SAMPLE_IN_NAME.search(value):
                reasons.append(f"{label}里写着“示例”")
        if self.email and reserved_domain(self.email):
            reasons.append(f"邮箱 {self.email} 是示例地址（{self.email.rsplit('@', 1)[1]} 收不到信）")
        if self.phone and shipped_phone(self.phone.digits):
            reasons.append(f"电话 {self.phone.display} 是项目自带的虚构号码")
        return reasons

    def report_contact(self) -> ReportContact | None:
        if not self.email and not self.phone:
            return None
        return ReportContact(self.email, self.phone, sample=bool(self.sample_reasons()))


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
