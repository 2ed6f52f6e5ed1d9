//! The parser's configuration (stack, buffer, arcs so far) and its transitions: SHIFT,
//! LEFT-l and RIGHT-l.

/// Per-word parser state (one allocation, one cache line per word).
#[derive(Clone, Copy, Default)]
pub(super) struct Node {
    /// Labels of the left children (bit `l % 64`).
    pub(super) lset: u64,
    /// Labels of the right children.
    pub(super) rset: u64,
    /// Head (0 = ROOT or none yet).
    pub(super) head: u32,
    /// Leftmost and second leftmost child (0 = none).
    pub(super) lc1: u32,
    pub(super) lc2: u32,
    /// Rightmost and second rightmost child (0 = none).
    pub(super) rc1: u32,
    pub(super) rc2: u32,
    /// Label id + 1 (0 = none yet).
    pub(super) label: u16,
    /// Number of left / right children.
    pub(super) nl: u8,
    pub(super) nr: u8,
    /// Whether the word is on the stack.
    pub(super) in_stack: bool,
}

/// Parser configuration.
pub(super) struct State {
    /// Number of words.
    pub(super) n: usize,
    /// The stack, top last.
    pub(super) stack: Vec<u32>,
    /// Buffer front: 1..=n are words, n+1 means only ROOT is left.
    pub(super) b: usize,
    /// Per word (index 0 is ROOT).
    pub(super) nd: Vec<Node>,
}

impl State {
    pub(super) fn new(n: usize) -> State {
        State { n, stack: Vec::with_capacity(n), b: 1, nd: vec![Node::default(); n + 1] }
    }

    pub(super) fn terminal(&self) -> bool {
        self.b > self.n && self.stack.is_empty()
    }

    /// Token index of the buffer front (0 = ROOT).
    pub(super) fn b0(&self) -> usize {
        if self.b <= self.n {
            self.b
        } else {
            0
        }
    }

    pub(super) fn s(&self, k: usize) -> Option<usize> {
        let l = self.stack.len();
        if k < l {
            Some(self.stack[l - 1 - k] as usize)
        } else {
            None
        }
    }

    pub(super) fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.nd[d].head = h as u32;
        self.nd[d].label = l as u16 + 1;
        let bit = 1u64 << (l % 64);
        let d32 = d as u32;
        if h == 0 {
            return;
        }
        if d < h {
            self.nd[h].lset |= bit;
            self.nd[h].nl = self.nd[h].nl.saturating_add(1);
            let c1 = self.nd[h].lc1;
            if c1 == 0 || d32 < c1 {
                self.nd[h].lc2 = c1;
                self.nd[h].lc1 = d32;
            } else if self.nd[h].lc2 == 0 || d32 < self.nd[h].lc2 {
                self.nd[h].lc2 = d32;
            }
        } else {
            self.nd[h].rset |= bit;
            self.nd[h].nr = self.nd[h].nr.saturating_add(1);
            let c1 = self.nd[h].rc1;
            if c1 == 0 || d32 > c1 {
                self.nd[h].rc2 = c1;
                self.nd[h].rc1 = d32;
            } else if self.nd[h].rc2 == 0 || d32 > self.nd[h].rc2 {
                self.nd[h].rc2 = d32;
            }
        }
    }

    /// Apply a (valid) transition class.
    pub(super) fn apply(&mut self, class: usize, nlab: usize) {
        if class == 0 {
            if self.b <= self.n {
                self.stack.push(self.b as u32);
                self.nd[self.b].in_stack = true;
                self.b += 1;
            }
        } else if class <= nlab {
            if let Some(s0) = self.stack.pop() {
                self.nd[s0 as usize].in_stack = false;
                let b0 = self.b0();
                self.add_arc(b0, s0 as usize, class - 1);
            }
        } else if self.stack.len() >= 2 {
            let s0 = self.stack.pop().unwrap_or(0) as usize;
            self.nd[s0].in_stack = false;
            let s1 = self.stack[self.stack.len() - 1] as usize;
            self.add_arc(s1, s0, class - 1 - nlab);
        }
    }

    /// Which of SHIFT / LEFT / RIGHT are allowed.
    pub(super) fn moves(&self) -> [bool; 3] {
        let l = self.stack.len();
        if self.b <= self.n {
            [true, l >= 1, l >= 2]
        } else {
            [false, l == 1, l >= 2]
        }
    }
}
