"""The demo's documents: each invoice, memo and notice is written as HTML at once and its PDF queued;
``print_pdfs`` prints the queue at the end of the run, in worker processes."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from meetpoint.demo.console import progress_bar

#: (HTML page, PDF path) pairs waiting to be printed.
PdfQueue = list[tuple[str, Path]]


def doc_name(doc_id: str) -> str:
    """A file name for a document id (``INV:a:b:c:2006-01`` → ``INV_a_b_c_2006-01``)."""
    return doc_id.replace(":", "_")


def write_page(page: str, html: Path, pdfs: PdfQueue) -> Path:
    """Write ``page`` to ``html`` and queue its PDF (same name, ``.pdf``); return the PDF's path."""
    html.write_text(page, encoding="utf-8")
    pdf = html.with_suffix(".pdf")
    pdfs.append((page, pdf))
    return pdf


def print_pdfs(jobs: PdfQueue, console: Console, workers: int = 2) -> list[Path]:
    """Print the queued HTML pages to PDF (``reports.pdf.html_to_pdf``), in ``workers`` processes."""
    import concurrent.futures as cf
    import multiprocessing

    from meetpoint.reports.pdf import html_to_pdf

    done: list[Path] = []
    with progress_bar(console) as bar:
        task = bar.add_task("Printing invoices, memos and the notice to PDF", total=len(jobs))
        if workers > 1 and len(jobs) > 1:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                for path in pool.map(html_to_pdf, [h for h, _ in jobs], [p for _, p in jobs]):
                    done.append(Path(path))
                    bar.advance(task)
        else:
            for page, path in jobs:
                done.append(html_to_pdf(page, path))
                bar.advance(task)
    return done
