"""Addresses: which site a URL belongs to, and the forms a harvest compares and stores."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

#: The port each scheme uses when an address names none.
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_web_address(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) address with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in DEFAULT_PORTS and bool(parts.hostname) and not any(c.isspace() for c in url)


def site_of(url: str) -> tuple[str, int | None]:
    """The site of an address: its host, and its port unless it is the scheme's default.

    ``http://`` and ``https://`` on the default ports count as one site, so that a
    redirect to https stays on it; another host or port is another site.
    """
    parts = urlsplit(url)
    port = parts.port
    return (parts.hostname or "", None if port in (None, *DEFAULT_PORTS.values()) else port)


def same_site(url: str, other: str) -> bool:
    """Whether two addresses belong to the same site (see :func:`site_of`)."""
    return is_web_address(url) and is_web_address(other) and site_of(url) == site_of(other)


def site_root(url: str) -> str:
    """The root of the address's site: ``https://host[:port]/``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def is_root(url: str) -> bool:
    """Whether the address is a site's root (no path beyond ``/``, no query)."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def absolute(url: str, base: str) -> str:
    """``url`` made absolute against ``base``, without its ``#fragment``."""
    return urldefrag(urljoin(base, url.strip()))[0]
