//! Markdown tables drawn as columns: each cell's text padded to its column's width, the
//! pipes between them drawn as `│`, the delimiter row as a rule, the header row bold.
//! The widths come from every row of the table, measured once for the document; a
//! table wider than the screen keeps its rows as written, clipped (`line::clipped`).
//! Every shown character maps back to the source: padding and `│` replace the pipes and
//! spaces they stand for. Pure.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::super::Mark;
use super::super::map::Builder;

/// Columns a table may have: rows with more are shown as written.
const MAX_COLUMNS: usize = 64;
/// What stands between two columns.
const SEPARATOR: &str = " │ ";

/// The cells of a table row: where each one's text is in `line` (trimmed; empty cells
/// are empty ranges), and where the row's text ends (before a closing pipe and
/// trailing spaces). `None` for a line that is no plain row (a quote's `>`).
pub fn cells(line: &str) -> Option<Vec<Range<usize>>> {
    let start = line.len() - line.trim_start().len();
    let rest = &line[start..];
    if rest.starts_with('>') {
        return None;
    }
    let at = start + usize::from(rest.starts_with('|'));
    let mut cells = Vec::new();
    let mut cell_start = at;
    let bytes = line.as_bytes();
    let mut i = at;
    while i < line.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'|' => {
                cells.push(trimmed(line, cell_start..i));
                cell_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    // After the last pipe: a cell only if something is written there.
    let last = trimmed(line, cell_start.min(line.len())..line.len());
    if !last.is_empty() || cells.is_empty() {
        cells.push(last);
    }
    (cells.len() <= MAX_COLUMNS).then_some(cells)
}

fn trimmed(line: &str, range: Range<usize>) -> Range<usize> {
    let text = &line[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = (range.start + text.trim_end().len()).max(start);
    start..end
}

/// The delimiter row under the header: every cell dashes, with or without colons.
pub fn is_delimiter(line: &str, cells: &[Range<usize>]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|cell| {
            let text = line[cell.clone()].trim_matches(':');
            !text.is_empty() && text.bytes().all(|b| b == b'-')
        })
}

/// The width of each column of the table whose source is `table`: its widest cell,
/// the delimiter row aside.
pub fn widths(table: &str) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for line in table.lines() {
        let Some(cells) = cells(line) else { continue };
        if is_delimiter(line, &cells) {
            continue;
        }
        for (column, cell) in cells.iter().enumerate() {
            let cols = line[cell.clone()].width();
            match widths.get_mut(column) {
                Some(width) => *width = (*width).max(cols),
                None => widths.push(cols),
            }
        }
    }
    widths
}

/// Draws the row `inner[range]` in columns of `widths` if they fit in `width_cols`,
/// each cell's text with `cell` (its inline Markdown typeset); `false` (nothing drawn)
/// when they do not fit or the line is no plain row.
pub fn row(
    builder: &mut Builder,
    inner: &str,
    range: Range<usize>,
    widths: &[usize],
    width_cols: usize,
    header: bool,
    mut cell: impl FnMut(&mut Builder, Range<usize>),
) -> bool {
    let line = &inner[range.clone()];
    let Some(cells) = cells(line) else {
        return false;
    };
    let total = widths.iter().sum::<usize>() + SEPARATOR.width() * widths.len().saturating_sub(1);
    if widths.is_empty() || total > width_cols || cells.len() > widths.len() {
        return false;
    }
    let at = |cell: &Range<usize>| range.start + cell.start..range.start + cell.end;
    if is_delimiter(line, &cells) {
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        let start = builder.len();
        builder.replace(&rule.join("─┼─"), range);
        let end = builder.len();
        builder.mark(start..end, Mark::Dim);
        return true;
    }
    builder.hide(range.start..at(&cells[0]).start);
    for (column, text) in cells.iter().enumerate() {
        let start = builder.len();
        cell(builder, at(text));
        let end = builder.len();
        if header {
            builder.mark(start..end, Mark::Strong);
        }
        let gap_end = cells.get(column + 1).map_or(range.end, |next| at(next).start);
        if column + 1 == cells.len() {
            builder.hide(at(text).end..gap_end);
            break;
        }
        // The width the cell shows (its markers hidden), padded to the column's.
        let pad = widths[column].saturating_sub(builder.shown()[start..end].width());
        let start = builder.len();
        builder.replace(&format!("{}{SEPARATOR}", " ".repeat(pad)), at(text).end..gap_end);
        let end = builder.len();
        builder.mark(start + pad..end, Mark::Dim);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<&str> {
        cells(line).unwrap().into_iter().map(|cell| &line[cell]).collect()
    }

    #[test]
    fn cells_are_split_at_unescaped_pipes_with_or_without_outer_pipes() {
        assert_eq!(texts("| a | b |"), ["a", "b"]);
        assert_eq!(texts("a | b"), ["a", "b"]);
        assert_eq!(texts("|  | x |"), ["", "x"]);
        assert_eq!(texts(r"| a \| b | c |"), [r"a \| b", "c"]);
        assert_eq!(texts("| 中文 |"), ["中文"]);
        assert_eq!(cells("> | a |"), None);
    }

    #[test]
    fn widths_are_the_widest_cells_and_the_delimiter_row_is_known() {
        let table = "| Name | Size |\n| --- | :---: |\n| 中文 | 1 |\n| x | 12345 |\n";
        assert_eq!(widths(table), [4, 5]);
        let line = "| --- | :---: |";
        assert!(is_delimiter(line, &cells(line).unwrap()));
        let line = "| - | x |";
        assert!(!is_delimiter(line, &cells(line).unwrap()));
    }
}
