"""What the .docx layer is told rather than knows: a section's page set-up, a document's defaults
and a table's cell margins, as frozen dataclasses (hashable: a document prototype is cached per
`DocumentDefaults`).

Plain Python, importable without python-docx, so that the layers above can name their instances
among numbers read at start-up. Lengths are in twips (1/20 pt), font sizes in points.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSetup:
    """A section's page: size, margins, distances of the header and footer from the page edges,
    and the pitch of its lines-only document grid. A page wider than high is landscape."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int
    footer: int
    line_pitch: int

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass(frozen=True)
class DocumentDefaults:
    """A new document's defaults: the Normal style's fonts, size, character spacing, exact line
    height and alignment, the East Asian language, whether odd and even pages have their own
    headers and footers, the first section's page, and whether paragraphs snap to the line grid
    and let punctuation hang past the right edge."""

    font: str  # East Asian font name
    latin: str  # font of digits and Latin letters
    size: float  # pt
    char_spacing: int  # w:spacing of runs, in twentieths of a point (negative: condensed)
    line: int  # exact line height, twips
    align: str  # w:jc: left, center, right, both
    language: str  # East Asian language tag (w:lang/@w:eastAsia), e.g. zh-CN
    odd_and_even_headers: bool
    page: PageSetup
    snap_to_grid: bool = True  # paragraphs snap to the section's line grid (w:snapToGrid)
    hanging_punctuation: bool = True  # punctuation may hang past the right edge (w:overflowPunct)


@dataclass(frozen=True)
class CellMargins:
    """A table's default cell margins (w:tblCellMar), twips."""

    top: int
    bottom: int
    left: int
    right: int
