//! Where the parts of the screen are: the text column, the status line and the overlay
//! panels. Shared by `update` (how far a panel scrolls) and `view` (where it is drawn).

use ratatui::layout::Rect;

/// Widest the help panel gets.
pub const HELP_COLS: u16 = 110;
/// Widest the table of contents gets.
pub const CONTENTS_COLS: u16 = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub cols: u16,
    pub rows: u16,
    /// Left edge and width of the text column.
    pub text_x: u16,
    pub text_cols: u16,
    /// Rows of text above the status line.
    pub body_rows: u16,
}

impl Geometry {
    pub fn new(cols: u16, rows: u16, measure: u16) -> Geometry {
        // A margin of two columns each side when there is room, for the eye and for
        // annotation markers; the column never gets wider than the measure.
        let margin = match cols {
            0..12 => 0,
            12..30 => 1,
            _ => 2,
        };
        let text_cols = (cols - 2 * margin).min(measure).max(1);
        Geometry {
            cols,
            rows,
            text_x: cols.saturating_sub(text_cols) / 2,
            text_cols,
            body_rows: rows.saturating_sub(1),
        }
    }

    /// An overlay panel's place: centred, at most `max_cols` wide, over the text (leaving
    /// a row of it visible below when there is room).
    pub fn panel(&self, max_cols: u16) -> Rect {
        let width = self.cols.saturating_sub(2).min(max_cols).max(1);
        let height = if self.body_rows >= 8 {
            self.body_rows - 1
        } else {
            self.body_rows.max(1)
        };
        Rect::new((self.cols - width) / 2, 0, width, height.min(self.rows))
    }
}

/// Whether an overlay in `area` has room for its border (and still three lines inside).
pub fn is_bordered(area: Rect) -> bool {
    area.height >= 5 && area.width >= 12
}

/// Columns and rows inside an overlay drawn in `area` (bordered only where there is room).
pub fn inner_size(area: Rect) -> (usize, usize) {
    let border = if is_bordered(area) { 2 } else { 0 };
    (
        usize::from(area.width.saturating_sub(border)),
        usize::from(area.height.saturating_sub(border)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_column_is_centred_and_capped_by_the_measure() {
        let wide = Geometry::new(120, 40, 80);
        assert_eq!((wide.text_x, wide.text_cols, wide.body_rows), (20, 80, 39));
        let narrow = Geometry::new(24, 10, 80);
        assert_eq!((narrow.text_x, narrow.text_cols), (1, 22));
        let tiny = Geometry::new(5, 1, 80);
        assert_eq!((tiny.text_x, tiny.text_cols, tiny.body_rows), (0, 5, 0));
    }
}
