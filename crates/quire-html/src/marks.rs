//! Which annotations are open where: turning projection ranges into highlights and
//! margin notes.
//!
//! The writer reports each run of text it writes as a range of the projection; this
//! module cuts the run at annotation boundaries and says which annotations cover each
//! piece (each gets a `<mark>`, nested when annotations overlap; the piece holding an
//! annotation's first character carries the id that its note links back to). When the
//! writer passes an annotation's last character, the annotation becomes *pending*: its
//! marker and margin note are written at the next point where phrasing content may hold
//! them (not inside a link, an abbreviation or code). Annotations that were never
//! reached (their range lies in a separator or inside a footnote) are listed by
//! [`Marks::unplaced`] so the page can still show them.

use quire_doc::Annotation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting,
    Open,
    Pending,
    Written,
}

/// Something waiting to be written as a margin note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pending {
    /// An annotation, by index into the document's annotations.
    Annotation(usize),
    /// A footnote, by id.
    Footnote(String),
}

pub(crate) struct Marks<'d> {
    pub(crate) annotations: &'d [Annotation],
    /// Indices in reading order (by start, longer first).
    order: Vec<usize>,
    state: Vec<State>,
    pub(crate) pending: Vec<Pending>,
    /// Each annotation's layer, as an index into [`quire_doc::annotation_layers`]'s
    /// order, when there are several layers (a lone layer is not marked).
    layer: Vec<Option<usize>>,
}

/// One piece of a text run and the annotations covering it.
pub(crate) struct Piece {
    /// Range of the projection.
    pub start: usize,
    pub end: usize,
    /// Covering annotations, outermost first, with whether this piece starts it.
    pub covering: Vec<(usize, bool)>,
}

impl<'d> Marks<'d> {
    pub(crate) fn new(annotations: &'d [Annotation]) -> Self {
        let mut order: Vec<usize> = (0..annotations.len())
            .filter(|&i| annotations[i].target.start < annotations[i].target.end)
            .collect();
        order.sort_by_key(|&i| {
            let t = annotations[i].target;
            (t.start, std::cmp::Reverse(t.end), i)
        });
        let layers = quire_doc::annotation_layers(annotations);
        let layer = annotations
            .iter()
            .map(|a| {
                layers
                    .iter()
                    .position(|l| *l == a.layer)
                    .filter(|_| layers.len() > 1)
            })
            .collect();
        Self {
            annotations,
            order,
            state: vec![State::Waiting; annotations.len()],
            pending: Vec::new(),
            layer,
        }
    }

    /// The classes after `sn`/`sn-ref` that set annotation `i`'s layer apart
    /// (` layer-2` …, empty with a single layer).
    pub(crate) fn note_class(&self, i: usize) -> String {
        self.layer[i].map_or(String::new(), |l| format!(" layer-{}", l + 1))
    }

    /// The class of a highlight of annotation `i`.
    pub(crate) fn mark_class(&self, i: usize) -> String {
        format!("hl{}", self.note_class(i))
    }

    /// The label shown in annotation `i`'s note when there are several layers: the
    /// layer's name, or "Notes" for the file without one.
    pub(crate) fn layer_label(&self, i: usize) -> Option<&'d str> {
        self.layer[i]?;
        let name = self.annotations[i].layer.as_str();
        Some(if name.is_empty() { "Notes" } else { name })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Cuts the run `[start, end)` into pieces; annotations whose end falls inside the
    /// run become pending after the piece that ends them.
    pub(crate) fn pieces(&mut self, start: usize, end: usize) -> Vec<Piece> {
        let overlapping: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| {
                let t = self.annotations[i].target;
                t.start < end && t.end > start
            })
            .collect();
        let mut cuts = vec![start, end];
        for &i in &overlapping {
            let t = self.annotations[i].target;
            cuts.extend(
                [t.start, t.end]
                    .into_iter()
                    .filter(|&c| c > start && c < end),
            );
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts.windows(2)
            .map(|w| {
                let covering = overlapping
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let t = self.annotations[i].target;
                        t.start <= w[0] && t.end >= w[1]
                    })
                    .map(|i| {
                        let first = self.state[i] == State::Waiting;
                        self.state[i] = State::Open;
                        (i, first)
                    })
                    .collect();
                Piece {
                    start: w[0],
                    end: w[1],
                    covering,
                }
            })
            .collect()
    }

    /// Marks annotations that end at or before `at` (and were opened) as pending.
    pub(crate) fn ended_by(&mut self, at: usize) {
        for &i in &self.order {
            if self.state[i] == State::Open && self.annotations[i].target.end <= at {
                self.state[i] = State::Pending;
                self.pending.push(Pending::Annotation(i));
            }
        }
    }

    /// Takes the pending notes, marking annotations written.
    pub(crate) fn take_pending(&mut self) -> Vec<Pending> {
        let taken = std::mem::take(&mut self.pending);
        for p in &taken {
            if let Pending::Annotation(i) = p {
                self.state[*i] = State::Written;
            }
        }
        taken
    }

    /// Annotations not written as margin notes, in reading order (with empty ranges last).
    pub(crate) fn unplaced(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| self.state[i] != State::Written)
            .collect();
        out.extend((0..self.annotations.len()).filter(|i| !self.order.contains(i)));
        out
    }
}
