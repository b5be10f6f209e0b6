"""The one home of HTML → PDF: WeasyPrint, offline.

Reports are rendered to HTML by :mod:`meetpoint.reports.html` and printed to PDF here (notices,
study reports, invoices and memos: :mod:`meetpoint.reports.invoice_pdf`). The page size and margins
are the page's own print stylesheet (``@page``), so callers pass only HTML. Nothing is
fetched from the network: charts are inline SVG and the stylesheet is in the page, and the URL
fetcher only allows ``data:`` and ``file:`` URLs, so a PDF comes out the same on a machine without
internet access (a remote image is left out, as WeasyPrint does with any resource it cannot load).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["OFFLINE_PROTOCOLS", "html_to_pdf"]

#: The only URL schemes a report may load from.
OFFLINE_PROTOCOLS = ("data", "file")


def _fetcher() -> Any:
    """An offline URL fetcher for the installed WeasyPrint (class API from 67, function before)."""
    import weasyprint.urls as urls

    if hasattr(urls, "URLFetcher"):
        return urls.URLFetcher(allowed_protocols=OFFLINE_PROTOCOLS)

    def fetch(url: str) -> Any:  # pragma: no cover - older WeasyPrint
        if url.split(":", 1)[0].lower() not in OFFLINE_PROTOCOLS:
            raise ValueError(f"reports are rendered offline; not fetching {url}")
        return urls.default_url_fetcher(url)

    return fetch


def html_to_pdf(html: str, path: str | Path, *, base_url: str | None = None) -> Path:
    """Print ``html`` to a PDF at ``path`` (written atomically: temp file, then rename); return it.

    WeasyPrint is imported only here, when a PDF is asked for; without it the error says how to
    install it.
    """
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - weasyprint is a dependency
        raise ImportError("PDF output needs WeasyPrint: pip install 'weasyprint>=60'") from exc

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf(tmp)
    tmp.replace(out)
    return out
