"""Files for the import tests: CSV folders in both Danish Excel dialects, built from rows."""

from __future__ import annotations

from pathlib import Path

from hjemvej.interchange.columns import BY_NAME

#: Valid CPR numbers (modulus 11 is not required after 2007, stdnum checks the date part).
CPR_A = "010190-1234"
CPR_B = "020285-4321"


def write_csv(
    folder: Path,
    sheet: str,
    rows: list[dict[str, str]],
    *,
    dialect: str = ";",
    encoding: str = "utf-8-sig",
    header: list[str] | None = None,
) -> None:
    """Write one sheet as a CSV file; missing cells are empty."""
    names = header if header is not None else list(BY_NAME[sheet].names)
    lines = [dialect.join(names)]
    for row in rows:
        cells = []
        for name in names:
            value = row.get(name, "")
            if dialect in value or '"' in value:
                value = '"' + value.replace('"', '""') + '"'
            cells.append(value)
        lines.append(dialect.join(cells))
    (folder / f"{sheet}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def small_folder(folder: Path, *, dialect: str = ";") -> Path:
    """Write a small, valid source: one shelter, two citizens and some of their records."""
    amount = "1234,50" if dialect == ";" else "1234.50"
    write_csv(
        folder,
        "boformer",
        [
            {
                "ekstern_id": "B1",
                "navn": "Herberget Havnen",
                "kommune": "751",
                "driftsform": "Kommunal/regional",
                "tilbudsportalen": "Ja",
                "pladser": "20",
                "takster": f"01.01.2024: {amount.replace('.', ',')}; 01.01.2025: 1300,00",
            },
        ],
        dialect=dialect,
    )
    write_csv(
        folder,
        "borgere",
        [
            {
                "ekstern_id": "P1",
                "cpr": CPR_A,
                "fornavn": "Anna",
                "efternavn": "Andersen",
                "koen": "Kvinde",
            },
            {"ekstern_id": "P2", "alias": "Søren fra banegården", "koen": "Mand"},
        ],
        dialect=dialect,
    )
    write_csv(
        folder,
        "situationer",
        [
            {
                "ekstern_id": "S1",
                "borger": "P1",
                "situation": "Gadesover",
                "fra": "01.02.2024",
                "til": "10.03.2024",
                "kilde": "Opsøgende arbejde",
            },
            {
                "ekstern_id": "S2",
                "borger": "P1",
                "situation": "Boform efter § 110",
                "fra": "2024-03-10",
                "kilde": "Boform",
            },
            {"ekstern_id": "S3", "borger": "P2", "situation": "Sofasover", "fra": "5-6-2025"},
        ],
        dialect=dialect,
    )
    write_csv(
        folder,
        "ophold",
        [
            {
                "ekstern_id": "O1",
                "borger": "P1",
                "boform": "B1",
                "indskrevet": "10.03.2024",
                "udskrevet": "01.06.2024",
                "aftalt_takst": amount,
            },
            {"ekstern_id": "O2", "borger": "P1", "boform": "B1", "indskrevet": "01.09.2024"},
        ],
        dialect=dialect,
    )
    write_csv(
        folder,
        "stoetteforloeb",
        [
            {
                "ekstern_id": "F1",
                "borger": "P1",
                "indsats": "Bostøtte (§ 85)",
                "afgoerelse": "01.07.2024",
                "start": "01.07.2024",
                "udgift_pr_maaned": amount,
            },
        ],
        dialect=dialect,
    )
    write_csv(
        folder,
        "kontakter",
        [
            {
                "ekstern_id": "K1",
                "borger": "P1",
                "dato": "02.07.2024",
                "kontaktform": "Besøg",
                "notat": "Første besøg; god snak",
                "forloeb": "F1",
            },
        ],
        dialect=dialect,
    )
    write_csv(
        folder,
        "hjemloeshedsliste",
        [
            {
                "ekstern_id": "L1",
                "borger": "P1",
                "dato": "01.02.2024",
                "haendelse": "Kommet på listen",
                "aarsag": "Nyidentificeret",
            },
            {
                "ekstern_id": "L2",
                "borger": "P2",
                "dato": "05.06.2025",
                "haendelse": "Kommet på listen",
                "aarsag": "Nyidentificeret",
            },
        ],
        dialect=dialect,
    )
    return folder


def folder_to_xlsx(folder: Path) -> bytes:
    """Return the CSV folder as one xlsx workbook (each file a sheet, every cell as text)."""
    import io

    from openpyxl import Workbook

    from hjemvej.interchange.read import read_folder

    sheets, problems = read_folder(folder)
    assert problems == []
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, raw in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(raw.header)
        for _number, cells in raw.rows:
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
