//! Printing results: aligned text tables for people, JSON Lines and CSV for programs.

use std::io::{self, IsTerminal, Write};

/// How a command prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns (the default on a terminal).
    Table,
    /// One JSON object a line (the default when piped).
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

impl Format {
    /// The format asked for, or `table` on a terminal and `jsonl` otherwise.
    pub fn or_default(format: Option<Format>) -> Format {
        format.unwrap_or(if io::stdout().is_terminal() { Format::Table } else { Format::Jsonl })
    }
}

/// A text table: a header and rows of cells, printed with columns aligned and long cells cut.
#[derive(Clone, Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Widest a cell is printed, in characters.
    pub const MAX_WIDTH: usize = 60;

    /// A table with these column names.
    pub fn new(header: &[&str]) -> Table {
        Table { header: header.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table.
    pub fn print(&self, out: &mut dyn Write) -> io::Result<()> {
        let cut = |s: &str| -> String {
            let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            if one_line.chars().count() > Self::MAX_WIDTH {
                let mut t: String = one_line.chars().take(Self::MAX_WIDTH - 1).collect();
                t.push('…');
                t
            } else {
                one_line
            }
        };
        let cells: Vec<Vec<String>> =
            std::iter::once(&self.header).chain(&self.rows).map(|r| r.iter().map(|c| cut(c)).collect()).collect();
        let mut widths = vec![0; self.header.len()];
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        for row in &cells {
            let mut line = String::new();
            for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
                line.push_str(c);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(w - c.chars().count() + 2));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn columns_align_and_long_cells_are_cut() {
        let mut t = Table::new(&["id", "sentence"]);
        t.row(vec!["1".into(), "short\nline".into()]);
        t.row(vec!["22".into(), "é".repeat(100)]);
        let mut out = Vec::new();
        t.print(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id  sentence");
        assert_eq!(lines[1], "1   short line");
        assert_eq!(lines[2].chars().count(), 4 + Table::MAX_WIDTH);
        assert!(lines[2].ends_with('…'));
    }
}
