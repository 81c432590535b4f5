"""The kit every poster and letter is laid out with: the type's floor, the room a story
has on a page (the same for the measure and the build), and the choice of the largest
type that keeps one page, made by measuring and followed by a single build."""

from __future__ import annotations

import pytest
from reportlab.platypus import Flowable, Paragraph, Spacer

from spplus_desk.domain.documents import PaperSize
from spplus_desk.reports.fonts import register_fonts
from spplus_desk.reports.poster_kit import (
    PdfInfo,
    Sheet,
    StoryMaker,
    build_pdf,
    fitted_pdf,
    floor_shrink,
    frame_height,
    one_page,
    story_height,
)
from tests.reports.pdf_checks import page_texts

INFO = PdfInfo("Essai", "Mairie de Saint-Étienne", "Un essai")
FOOTER = "Mairie de Saint-Étienne — édité le 4 mai 2027"


def sheet(size: PaperSize = PaperSize.A4, shrink: float = 1.0) -> Sheet:
    return Sheet(size, register_fonts(), shrink)


class Probe(Flowable):
    """A block of ``height`` points that notes the type's shrink each time it is drawn,
    that is each time a PDF is built with it."""

    def __init__(self, height: float, shrink: float, drawn: list[float]) -> None:
        super().__init__()
        self.height, self.shrink, self.drawn = height, shrink, drawn

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.height

    def draw(self) -> None:
        self.drawn.append(self.shrink)


def test_type_stops_at_8_points_on_a4_and_scales_with_the_paper() -> None:
    assert sheet(shrink=0.5).style(9).fontSize == 8
    assert sheet(shrink=0.5).style(20).fontSize == 10
    assert sheet(shrink=0.5).style(7).fontSize == 7  # drawn smaller on purpose: kept
    assert sheet(PaperSize.A3, 0.5).style(9).fontSize == pytest.approx(8 * 2**0.5, rel=1e-3)
    assert sheet(shrink=0.5).points(9) == 4.5  # gaps and paddings do shrink
    assert floor_shrink(11.5) == pytest.approx(8 / 11.5)
    assert floor_shrink(7) == 1.0


@pytest.mark.parametrize("size", list(PaperSize))
def test_the_room_measured_is_the_room_the_build_gives(size: PaperSize) -> None:
    paper = sheet(size)
    room = frame_height(paper, FOOTER)
    halves = [Spacer(0, room / 2), Spacer(0, room / 2)]
    assert build_pdf(halves, paper, INFO, FOOTER)[1] == 1
    over = [Spacer(0, room / 2), Spacer(0, room / 2 + 0.5)]
    assert build_pdf(over, paper, INFO, FOOTER)[1] == 2


def test_a_story_is_measured_as_a_frame_lays_it_out() -> None:
    style = sheet().style(10)
    first, second = Paragraph("Un", style), Paragraph("Deux", style)
    first.spaceBefore, first.spaceAfter, second.spaceBefore, second.spaceAfter = 5, 3, 2, 7
    # No room before the first flowable, none after the last.
    assert story_height([first, second], 400, 800) == pytest.approx(12.5 + 3 + 2 + 12.5)


def stories(full_height: float, drawn: list[float]) -> StoryMaker:
    """A story as tall as ``full_height`` at full size, shorter with smaller type."""

    def make(trial: Sheet) -> list[Flowable]:
        return [Probe(full_height * trial.shrink, trial.shrink, drawn)]

    return make


def test_the_largest_type_that_fits_is_found_by_measuring_and_built_once() -> None:
    room = frame_height(sheet(), FOOTER)
    drawn: list[float] = []
    data = one_page(stories(room / 0.85, drawn), sheet(), INFO, FOOTER, smallest=0.7)
    assert drawn == [0.8]  # 0.86 is too large; one build, at 0.8
    assert len(page_texts(data)) == 1

    drawn.clear()
    one_page(stories(room, drawn), sheet(), INFO, FOOTER, smallest=0.7)
    assert drawn == [1.0]


def test_a_story_too_tall_even_at_the_floor_goes_on_over_pages_at_the_floor() -> None:
    room = frame_height(sheet(), FOOTER)
    drawn: list[float] = []
    pieces = stories(room, drawn)

    def two_blocks(trial: Sheet) -> list[Flowable]:
        return [*pieces(trial), *pieces(trial)]

    data = one_page(two_blocks, sheet(), INFO, FOOTER, smallest=0.7)
    assert drawn == [0.7, 0.7]  # one build, over two pages
    assert len(page_texts(data)) == 2
    drawn.clear()
    assert fitted_pdf(two_blocks, sheet(), INFO, FOOTER, smallest=0.7) is None
    assert drawn == []  # measured only

    one_page(two_blocks, sheet(), INFO, FOOTER, smallest=0.8, overflow=1.0)
    assert drawn == [1.0, 1.0]
