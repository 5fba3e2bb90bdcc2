//! The back-of-book index in print (placeholder while the layout is written).

use quire_doc::{Block, IndexGroup};

use crate::page::StructId;

use super::context::Ctx;
use super::flow::{Flow, Frame};

pub(crate) fn index(
    _ctx: &mut Ctx<'_>,
    flow: &mut Flow,
    _frame: &Frame,
    _parent: StructId,
    block: &Block,
    _groups: &[IndexGroup],
) {
    flow.anchor(block.id());
}
